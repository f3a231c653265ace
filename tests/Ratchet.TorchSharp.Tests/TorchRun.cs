using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.TorchSharp.Tests;

/// <summary>Saves one checkpoint into a fresh run and opens it again, as a resume would.</summary>
internal static class TorchRun
{
    public static async Task<Checkpoint> SaveAndResumeAsync(string directory, Func<CheckpointContent, CheckpointContent> fill)
    {
        var options = new TrainingRunOptions { HandleStopSignals = false };
        await using (var run = await TrainingRun.OpenAsync(directory, new { model = "test" }, options))
        {
            await run.SaveAsync(fill(new CheckpointContent(step: 10, epoch: 1)));
        }

        await using var resumed = await TrainingRun.OpenAsync(directory, new { model = "test" }, options);
        return resumed.ResumedCheckpoint ?? throw new InvalidOperationException("The run did not resume from the checkpoint just saved.");
    }
}

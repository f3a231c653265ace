using Ratchet.Checkpoints;
using Ratchet.Runs;

using Ratchet.TestSupport;

namespace Ratchet.Tests.Checkpoints;

/// <summary>Guarantees 1 and 2 with a real process killed by SIGKILL in the middle of a large save.</summary>
public sealed class KilledSaveTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SaveAsync_ProcessKilledMidSave_PreviousCheckpointStaysNewestAndDebrisIsSwept()
    {
        string run = _temp.Combine("run");
        using (var child = ChildProcess.Start("save-then-slow-save", run, "512"))
        {
            await child.WaitForLineAsync("committed 1");
            await child.WaitForLineAsync("saving 2");
            await Task.Delay(300);
            child.KillHard();
        }

        string checkpoints = Path.Combine(run, "checkpoints");
        var leftovers = Directory.GetDirectories(checkpoints).Select(Path.GetFileName).ToList();
        leftovers.ShouldContain("step-0000000001");
        leftovers.ShouldNotContain("step-0000000002");
        leftovers.ShouldContain(name => name!.StartsWith(".pending-2-", StringComparison.Ordinal));

        var logger = new RecordingLogger();
        await using var reopened = await TrainingRun.OpenAsync(run, new { model = "test-child", hidden = 8 }, new TrainingRunOptions { Logger = logger });

        reopened.Resume.Step.ShouldBe(1);
        reopened.Resume.Chosen!.State.ShouldBe(CheckpointState.Intact);
        Directory.GetDirectories(checkpoints).Select(Path.GetFileName).ShouldBe(["step-0000000001"]);
        logger.Entries.ShouldContain(e => e.Message.StartsWith("Swept .pending-2-", StringComparison.Ordinal));
    }
}

using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.Tests.Runs;

/// <summary>Runs kept behind links (<c>runs -&gt; /data/runs</c>) open and resume; links inside a checkpoint stay refused.</summary>
public sealed class SymlinkedRunTests : IDisposable
{
    private static readonly object Config = new { hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static TrainingRunOptions Quiet => new() { HandleStopSignals = false };

    [Fact]
    public async Task OpenAsync_RunUnderASymlinkedParent_CreatesSavesAndResumes()
    {
        string data = _temp.Combine("data");
        Directory.CreateDirectory(data);
        string runs = _temp.Combine("runs");
        Directory.CreateSymbolicLink(runs, data);
        string run = Path.Combine(runs, "gan");

        await SaveAndResumeAsync(run);

        Directory.Exists(Path.Combine(data, "gan", "checkpoints", "step-0000000001")).ShouldBeTrue();
    }

    [Fact]
    public async Task OpenAsync_RunDirectoryItselfASymlink_SavesAndResumes()
    {
        string real = _temp.Combine("real-run");
        Directory.CreateDirectory(real);
        string run = _temp.Combine("run");
        Directory.CreateSymbolicLink(run, real);

        await SaveAndResumeAsync(run);

        Directory.Exists(Path.Combine(real, "checkpoints", "step-0000000001")).ShouldBeTrue();
    }

    [Fact]
    public async Task OpenAsync_SymlinkInsideACheckpoint_StillDamaged()
    {
        string run = _temp.Combine("run");
        await using (var training = await TrainingRun.OpenAsync(run, Config, Quiet))
        {
            await training.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[4]));
        }

        string part = Path.Combine(run, "checkpoints", "step-0000000001", "G.bin");
        string outside = _temp.Combine("outside.bin");
        File.Move(part, outside);
        File.CreateSymbolicLink(part, outside);

        await Should.ThrowAsync<NoUsableCheckpointException>(() => TrainingRun.OpenAsync(run, Config, Quiet));
    }

    private static async Task SaveAndResumeAsync(string run)
    {
        await using (var training = await TrainingRun.OpenAsync(run, Config, Quiet))
        {
            await training.LogAsync(1, 1, new Dictionary<string, double> { ["loss"] = 1 });
            await training.SaveAsync(new CheckpointContent(1, 1).AddBytes("G", new byte[4]));
        }

        await using var resumed = await TrainingRun.OpenAsync(run, Config, Quiet);
        resumed.Resume.Step.ShouldBe(1);
        resumed.History.Count.ShouldBe(1);
    }
}

using Ratchet.Storage.Local;
using Ratchet.Cli.Output;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Cli.Tests.Commands;

public sealed class StatusCommandTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public async Task Status_IntactRun_ShowsIdentityResumeChoiceDiskAndHistory()
    {
        string run = await _runs.IntactAsync();
        string signature = (await RunInfoOf(run)).Signature;

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain($"Run          {run}\n");
        result.Output.ShouldContain($"Signature    {signature} (created ");
        result.Output.ShouldContain("Config       4 keys, 3 part of identity (ignored: epochs); no accepted changes");
        result.Output.ShouldContain("Lock         free");
        result.Output.ShouldContain("Resume       Resuming from checkpoint step 300 (epoch 3): the newest checkpoint, fully verified.");
        result.Output.ShouldContain("Checkpoints  3: 1 intact, 0 damaged, 2 unverified");
        long total = new[] { 100L, 200, 300 }.Sum(step => RunFixture.DirectoryBytes(RunFixture.CheckpointFile(run, step)));
        long prunable = total - RunFixture.DirectoryBytes(RunFixture.CheckpointFile(run, 300));
        result.Output.ShouldContain("Pins         none (`ratchet pin` keeps a checkpoint from ever being pruned)\n");
        result.Output.ShouldContain($"Disk         {Formats.Bytes(total)} in checkpoints; at most {Formats.Bytes(prunable)} prunable (everything but step-0000000300, which a resume would use)\n");
        result.Output.ShouldContain("History      3 records; the last 3:");
        result.Output.ShouldContain("0.333333");
        result.Output.ShouldNotContain("damaged:");
        result.Output.ShouldNotContain("Debris");
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_NewestDamaged_SaysWhichIsPickedWhyAndWhatIsWrongWithEach()
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Resume       Resuming from checkpoint step 200 (epoch 2): the newest intact checkpoint, fully verified; passed over 1 damaged newer one(s)");
        result.Output.ShouldContain("Checkpoints  3: 1 intact, 2 damaged, 0 unverified");
        result.Output.ShouldContain("step-0000000300 is damaged:\n  - Part 'G' (G.bin) has checksum ");
        result.Output.ShouldContain("its content was altered.");
        result.Output.ShouldContain("step-0000000100 is damaged:\n  - Part 'D' (D.bin) is missing.");
        result.Output.ShouldContain("(everything but step-0000000200, which a resume would use)");
    }

    [Fact]
    public async Task Status_NoIntactCheckpoint_ShowsTheRefusalAndExits3()
    {
        string run = await _runs.AllDamagedAsync();

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldContain("Resume       The run has 1 checkpoint(s) but none is intact, so it will not silently start over");
        result.Output.ShouldContain("Disk         ");
        result.Output.ShouldContain("nothing prunable");
        result.Output.ShouldContain("step-0000000100 is damaged:");
        result.Error.ShouldBeEmpty(); // the report is the answer, not an error
    }

    [Fact]
    public async Task Status_PinnedSteps_ShownAndLeftOutOfWhatIsPrunable()
    {
        string run = await _runs.IntactAsync();
        await RunPins.PinAsync(run, 100);
        await RunPins.PinAsync(run, 300); // the resume point: pinned, but counted once
        await RunPins.PinAsync(run, 900); // no such checkpoint (deleted by hand)

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Pins         steps 100, 300, 900: retention never prunes them; no checkpoint has step 900\n");
        long prunable = RunFixture.DirectoryBytes(RunFixture.CheckpointFile(run, 200));
        result.Output.ShouldContain(
            $"; at most {Formats.Bytes(prunable)} prunable (everything but step-0000000300, which a resume would use, and 1 pinned checkpoint)\n");
    }

    [Fact]
    public async Task Status_UnreadablePinsFile_ReportsItAndExits3()
    {
        string run = await _runs.IntactAsync();
        await File.WriteAllTextAsync(Path.Combine(run, RunPins.FileName), "[]");

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldContain($"Pins         unreadable: The file '{Path.Combine(run, RunPins.FileName)}' is invalid");
        result.Output.ShouldContain("in checkpoints; nothing prunable until pins.json is fixed\n");
        result.Output.ShouldContain("Resuming from checkpoint step 300");
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_WhileAWriterHoldsTheRun_NamesTheHolder()
    {
        string run = await _runs.IntactAsync();
        await using var writer = await RunFixture.HoldOpenAsync(run);
        (await (await RunReader.OpenAsync(run)).ProbeLockAsync()).Held.ShouldBeTrue(); // flock is per open file: the probe conflicts even in this process

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain($"Lock         held by pid {Environment.ProcessId} on {Environment.MachineName} since ");
        result.Output.ShouldContain("Resuming from checkpoint step 300");
    }

    [Fact]
    public async Task Status_EmptyRun_SaysAResumeStartsFresh()
    {
        string run = await _runs.EmptyAsync();

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Resume       Starting fresh: the run has no checkpoints yet.");
        result.Output.ShouldContain("Checkpoints  none yet");
        result.Output.ShouldContain("Disk         0 B in checkpoints; nothing prunable");
        result.Output.ShouldContain("History      none yet");
    }

    [Fact]
    public async Task Status_PendingAndTrashDebris_SaysTheNextWriterSweepsThem()
    {
        string run = await _runs.IntactAsync();
        string pending = Path.Combine(run, "checkpoints", ".pending-400-0123456789abcdef");
        Directory.CreateDirectory(pending);
        File.WriteAllBytes(Path.Combine(pending, "G.bin"), new byte[1000]);
        Directory.CreateDirectory(Path.Combine(run, "checkpoints", ".trash-step-0000000050-fedcba9876543210"));

        var result = await Cli.RunAsync("status", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Debris       1 unfinished save(s) (.pending-*) will be swept by the next writer (1000 B)");
        result.Output.ShouldContain("Debris       1 unfinished prune(s) (.trash-*) will be swept by the next writer (0 B)");
        Directory.Exists(pending).ShouldBeTrue();
    }

    [Fact]
    public async Task Status_AcceptedConfigChange_IsSummarised()
    {
        string run = await _runs.IntactAsync();
        var changed = new { model = "gan", lr = 0.0005, hidden = 8, epochs = 10 };
        await (await TrainingRun.OpenAsync(run, changed, new TrainingRunOptions { HandleStopSignals = false, AllowedConfigChanges = ["lr"] })).DisposeAsync();

        var result = await Cli.RunAsync("status", run);

        result.Output.ShouldContain("1 accepted change, the last lr: 0.001 -> 0.0005 at ");
    }

    [Fact]
    public async Task Status_MissingRun_Exits2WithOneSentence()
    {
        var result = await Cli.RunAsync("status", _runs.Missing);

        result.ExitCode.ShouldBe(2);
        result.Output.ShouldBeEmpty();
        result.Error.ShouldBe($"ratchet: There is no run at '{_runs.Missing}': the directory does not exist. Check the path.\n");
    }

    private static async Task<RunInfo> RunInfoOf(string run) =>
        (await RunReader.OpenAsync(run)).RequireInfo();
}

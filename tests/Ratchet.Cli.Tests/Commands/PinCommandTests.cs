using Ratchet.Runs;
using Ratchet.Retention;

namespace Ratchet.Cli.Tests.Commands;

public sealed class PinCommandTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public async Task Pin_RunPathWithSpaces_SuggestedUnpinCommandIsQuoted()
    {
        string run = await _runs.IntactAsync("my run's folder");

        var pin = await Cli.RunAsync("pin", run, "200");

        pin.ExitCode.ShouldBe(0, pin.ToString());
        pin.Output.ShouldContain($"`ratchet unpin '{run.Replace("'", "'\\''", StringComparison.Ordinal)}' 200`");
    }

    [Fact]
    public async Task PinThenUnpin_RoundTripsThroughPinsJsonAndList()
    {
        string run = await _runs.IntactAsync();

        var pin = await Cli.RunAsync("pin", run, "200");
        var pinnedList = await Cli.RunAsync("list", run, "--json");
        var pinsAfterPin = await RunPins.ReadAsync(run);
        var unpin = await Cli.RunAsync("unpin", run, "200");
        var unpinnedList = await Cli.RunAsync("list", run, "--json");

        pin.ExitCode.ShouldBe(0, pin.ToString());
        pin.Output.ShouldBe($"Pinned step 200 (step-0000000200): retention will never prune it. `ratchet unpin {run} 200` releases it.\n");
        pinsAfterPin.ShouldBe([200L]);
        PinnedSteps(pinnedList).ShouldBe([200L]);
        unpin.ExitCode.ShouldBe(0, unpin.ToString());
        unpin.Output.ShouldBe("Unpinned step 200: retention may prune it again when no rule keeps it.\n");
        (await RunPins.ReadAsync(run)).ShouldBeEmpty();
        PinnedSteps(unpinnedList).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pin_AlreadyPinned_SaysSoAndExits0()
    {
        string run = await _runs.IntactAsync();
        await RunPins.PinAsync(run, 300);

        var result = await Cli.RunAsync("pin", run, "300");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldBe("Step 300 (step-0000000300) is already pinned; nothing changed.\n");
        (await RunPins.ReadAsync(run)).ShouldBe([300L]);
    }

    [Fact]
    public async Task Pin_StepWithoutACheckpoint_Exits2NamingTheStepsThatExist()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("pin", run, "250");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldBe($"ratchet: The run '{run}' has no checkpoint at step 250 (it has steps 300, 200, 100).\n");
        File.Exists(Path.Combine(run, RunPins.FileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Pin_DamagedCheckpoint_PinsItAsEvidence()
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("pin", run, "100");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("It is damaged: Part 'D' (D.bin) is missing. The pin keeps it as evidence, also from `ratchet prune --remove-damaged`.\n");
        (await RunPins.ReadAsync(run)).ShouldBe([100L]);
    }

    [Fact]
    public async Task Pin_DirectoryWhoseManifestIsUnreadable_Exits3AndPinsNothing()
    {
        string run = await _runs.IntactAsync();
        File.Delete(RunFixture.CheckpointFile(run, 200, "manifest.json"));

        var result = await Cli.RunAsync("pin", run, "200");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Error.ShouldStartWith("ratchet: step-0000000200 cannot be pinned because its step cannot be trusted: Its manifest (manifest.json) is missing");
        result.Error.ShouldContain("a pin would not protect it");
        File.Exists(Path.Combine(run, RunPins.FileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Pin_WhileAWriterHoldsTheRun_PinsWithoutTheLock()
    {
        string run = await _runs.IntactAsync();
        await using var writer = await RunFixture.HoldOpenAsync(run);

        var result = await Cli.RunAsync("pin", run, "100");

        result.ExitCode.ShouldBe(0, result.ToString());
        (await RunPins.ReadAsync(run)).ShouldBe([100L]);
    }

    [Fact]
    public async Task Unpin_StepNotPinned_ChangesNothingAndExits0()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("unpin", run, "200");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldBe("Step 200 is not pinned (nothing is pinned); nothing changed.\n");
        File.Exists(Path.Combine(run, RunPins.FileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task Unpin_PinWhoseCheckpointIsGone_ReleasesIt()
    {
        string run = await _runs.IntactAsync();
        await RunPins.PinAsync(run, 900);

        var result = await Cli.RunAsync("unpin", run, "900");

        result.ExitCode.ShouldBe(0, result.ToString());
        (await RunPins.ReadAsync(run)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("pin")]
    [InlineData("unpin")]
    public async Task PinAndUnpin_UnreadablePinsFile_Exits3AndLeaveItAlone(string command)
    {
        string run = await _runs.IntactAsync();
        string pins = Path.Combine(run, RunPins.FileName);
        await File.WriteAllTextAsync(pins, "{ torn");

        var result = await Cli.RunAsync(command, run, "100");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Error.ShouldStartWith($"ratchet: The pins file '{pins}' is not valid JSON");
        (await File.ReadAllTextAsync(pins)).ShouldBe("{ torn");
    }

    private static List<long> PinnedSteps(CliResult list) =>
        [.. list.Json().EnumerateArray().Where(entry => entry.GetProperty("pinned").GetBoolean()).Select(entry => entry.GetProperty("step").GetInt64())];
}

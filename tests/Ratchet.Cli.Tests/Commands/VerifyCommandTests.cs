using Ratchet.Runs;
using Ratchet.Checkpoints;
using Ratchet.Retention;

namespace Ratchet.Cli.Tests.Commands;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public async Task Verify_IntactRunAsJson_OkWithEveryCheckpointIntact()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("verify", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = result.Json();
        json.GetProperty("ok").GetBoolean().ShouldBeTrue();
        json.GetProperty("checked").GetInt32().ShouldBe(3);
        json.GetProperty("intact").GetInt32().ShouldBe(3);
        json.GetProperty("damaged").GetInt32().ShouldBe(0);
        var checkpoints = json.GetProperty("checkpoints").EnumerateArray().ToList();
        checkpoints.Select(c => c.GetProperty("step").GetInt64()).ShouldBe([300L, 200L, 100L]);
        checkpoints.ShouldAllBe(c => c.GetProperty("status").GetString() == "intact" && c.GetProperty("problems").GetArrayLength() == 0);
        var manifest = _runs.Manifests["intact"][2];
        var parts = checkpoints[0].GetProperty("parts").EnumerateArray().ToList();
        parts.Select(p => p.GetProperty("checksum").GetString()).ShouldBe(manifest.Parts.Select(p => p.Checksum));
    }

    [Fact]
    public async Task Verify_DamagedRunAsJson_NotOkAndNamesEveryProblem_Exits3()
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("verify", run, "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        var json = result.Json();
        json.GetProperty("ok").GetBoolean().ShouldBeFalse();
        json.GetProperty("checked").GetInt32().ShouldBe(3);
        json.GetProperty("intact").GetInt32().ShouldBe(1);
        json.GetProperty("damaged").GetInt32().ShouldBe(2);
        var byStep = json.GetProperty("checkpoints").EnumerateArray().ToDictionary(c => c.GetProperty("step").GetInt64());
        byStep[300].GetProperty("status").GetString().ShouldBe("damaged");
        byStep[300].GetProperty("problems")[0].GetString()!.ShouldContain("its content was altered");
        byStep[200].GetProperty("status").GetString().ShouldBe("intact");
        byStep[100].GetProperty("problems")[0].GetString().ShouldBe("Part 'D' (D.bin) is missing.");
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Verify_DamagedRunAsTable_ListsProblemsAndCounts()
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("verify", run);

        result.ExitCode.ShouldBe(3);
        result.Output.ShouldContain("step-0000000300 is damaged:");
        result.Output.ShouldContain("intact");
        result.Output.ShouldEndWith("2 of 3 checkpoints damaged.\n");
    }

    [Fact]
    public async Task Verify_IntactRunAsTable_SaysAllIntact()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("verify", run);

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldEndWith("All 3 checkpoints intact.\n");
    }

    [Theory]
    [InlineData(200, 0, "intact")]
    [InlineData(300, 3, "damaged")]
    public async Task Verify_OneStep_VerifiesOnlyThatCheckpoint(long step, int exitCode, string status)
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("verify", run, "--step", step.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

        result.ExitCode.ShouldBe(exitCode, result.ToString());
        var only = result.Json().GetProperty("checkpoints").EnumerateArray().Single();
        only.GetProperty("step").GetInt64().ShouldBe(step);
        only.GetProperty("status").GetString().ShouldBe(status);
    }

    [Fact]
    public async Task Verify_StepWhoseManifestIsUnreadable_FoundByDirectoryName_Exits3()
    {
        string run = await _runs.IntactAsync();
        File.Delete(RunFixture.CheckpointFile(run, 200, "manifest.json"));

        var result = await Cli.RunAsync("verify", run, "--step", "200");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldContain("step-0000000200 is damaged:\n  - Its manifest (manifest.json) is missing");
    }

    [Fact]
    public async Task Verify_UnknownStep_Exits2NamingTheStepsThatExist()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("verify", run, "--step", "999");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe($"ratchet: The run '{run}' has no checkpoint at step 999 (it has steps 300, 200, 100).\n");
    }

    [Fact]
    public async Task Verify_PinnedDamagedStep_JsonSaysPinned()
    {
        string run = await _runs.DamagedAsync();
        await RunPins.PinAsync(run, 100);

        var result = await Cli.RunAsync("verify", run, "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Json().GetProperty("checkpoints").EnumerateArray()
            .Select(checkpoint => (checkpoint.GetProperty("step").GetInt64(), checkpoint.GetProperty("pinned").GetBoolean()))
            .ShouldBe([(300L, false), (200L, false), (100L, true)]);
    }

    [Fact]
    public async Task Verify_EmptyRun_OkWithNothingChecked()
    {
        string run = await _runs.EmptyAsync();

        var result = await Cli.RunAsync("verify", run, "--json");

        result.ExitCode.ShouldBe(0);
        result.Json().GetProperty("ok").GetBoolean().ShouldBeTrue();
        result.Json().GetProperty("checked").GetInt32().ShouldBe(0);
        result.Json().GetProperty("checkpoints").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Verify_WhileAWriterHoldsTheRun_Works()
    {
        string run = await _runs.IntactAsync();
        await using var writer = await RunFixture.HoldOpenAsync(run);

        var result = await Cli.RunAsync("verify", run);

        result.ExitCode.ShouldBe(0, result.ToString());
    }

    [Fact]
    public async Task VerifyProgress_WithBarsOnANonInteractiveConsole_StillVerifiesEveryByte()
    {
        string run = await _runs.DamagedAsync();
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var context = new CliContext(output, TextWriter.Null, interactive: false);
        var reader = await RunReader.OpenAsync(run);
        var candidates = await reader.ListAsync();

        var results = await Output.VerifyProgress.RunAsync(context, reader, candidates, showProgress: true, default);

        results.Select(status => status.State).ShouldBe([CheckpointState.Damaged, CheckpointState.Intact, CheckpointState.Damaged]);
        results[0].Problems[0].ShouldContain("its content was altered");
    }
}

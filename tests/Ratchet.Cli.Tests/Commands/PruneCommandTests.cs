using Ratchet.Storage.Local;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Cli.Commands;
using Ratchet.Cli.Output;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Cli.Tests.Commands;

public sealed class PruneCommandTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public async Task Prune_DryRun_ShowsKeptAndDroppedWithReasonsAndChangesNothing()
    {
        string run = await _runs.IntactAsync("five", checkpoints: 5);
        var before = RunSnapshot.Take(run);

        var table = await Cli.RunAsync("prune", run, "--keep-last", "2", "--dry-run");
        var json = await Cli.RunAsync("prune", run, "--keep-last", "2", "--dry-run", "--json");

        RunSnapshot.Take(run).ShouldBeUnchangedFrom(before);
        table.ExitCode.ShouldBe(0, table.ToString());
        table.Output.ShouldStartWith("Policy: keep-last 2; the newest intact checkpoint and pinned ones are always kept.\n");
        RowOf(table, 500).ShouldContain("│ keep   │ newest intact; keep-last 2 ");
        RowOf(table, 400).ShouldContain("│ keep   │ keep-last 2 ");
        foreach (long step in new long[] { 300, 200, 100 })
        {
            RowOf(table, step).ShouldContain("│ drop   │ not kept by any rule ");
        }

        long wouldFree = BytesOf("five", 100, 200, 300);
        table.Output.ShouldEndWith($"Dry run: 2 kept, 3 dropped, 0 damaged; pruning would remove 3 checkpoints and free {Formats.Bytes(wouldFree)}. Nothing was changed.\n");
        json.ExitCode.ShouldBe(0, json.ToString());
        var document = json.Json();
        document.GetProperty("dry_run").GetBoolean().ShouldBeTrue();
        document.GetProperty("policy").GetString().ShouldBe("keep-last 2");
        Entries(document, "kept").ShouldBe([(500L, "newest intact; keep-last 2"), (400L, "keep-last 2")]);
        Entries(document, "dropped").ShouldBe([(300L, "not kept by any rule"), (200L, "not kept by any rule"), (100L, "not kept by any rule")]);
        document.GetProperty("dropped")[0].GetProperty("directory").GetString().ShouldBe("step-0000000300");
        document.GetProperty("damaged").GetArrayLength().ShouldBe(0);
        document.GetProperty("removed").GetArrayLength().ShouldBe(0);
        document.GetProperty("freed_bytes").GetInt64().ShouldBe(wouldFree);
        document.GetProperty("failures").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Prune_Applied_RemovesTheDroppedAndKeepsNewestIntactPinnedBestAndDamaged()
    {
        // Given five checkpoints: 500 missing a part, 200 pinned, 100 the best by the highest loss.
        string run = await _runs.IntactAsync("five", checkpoints: 5);
        File.Delete(RunFixture.CheckpointFile(run, 500, "D.bin"));
        await RunPins.PinAsync(run, 200);

        // When
        var result = await Cli.RunAsync("prune", run, "--keep-best", "loss:max:1", "--json");

        // Then
        result.ExitCode.ShouldBe(0, result.ToString());
        var document = result.Json();
        document.GetProperty("dry_run").GetBoolean().ShouldBeFalse();
        Entries(document, "kept").ShouldBe([(400L, "newest intact"), (200L, "pinned"), (100L, "best loss (max) #1 of 1")]);
        Entries(document, "dropped").ShouldBe([(300L, "not kept by any rule")]);
        Entries(document, "damaged").ShouldBe([(500L, "damaged: not a resume point; left in place until removed explicitly")]);
        document.GetProperty("damaged")[0].GetProperty("problems")[0].GetString().ShouldBe("Part 'D' (D.bin) is missing.");
        document.GetProperty("removed").EnumerateArray().Select(entry => entry.GetString()).ShouldBe(["step-0000000300"]);
        document.GetProperty("freed_bytes").GetInt64().ShouldBe(BytesOf("five", 300));
        Directory.Exists(RunFixture.CheckpointFile(run, 300)).ShouldBeFalse();
        Directory.Exists(RunFixture.CheckpointFile(run, 500)).ShouldBeTrue();
        foreach (string step in new[] { "400", "200", "100" })
        {
            (await Cli.RunAsync("verify", run, "--step", step)).ExitCode.ShouldBe(0, $"step {step} should be intact");
        }

        Directory.GetDirectories(Path.Combine(run, "checkpoints"), ".trash-*").ShouldBeEmpty();
        (await (await RunReader.OpenAsync(run)).ProbeLockAsync()).Held.ShouldBeFalse();
    }

    [Fact]
    public async Task Prune_AppliedAsTable_SaysWhatWasRemovedAndFreed()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldEndWith($"1 kept, 2 dropped, 0 damaged; removed 2 checkpoints, freed {Formats.Bytes(BytesOf("intact", 100, 200))}.\n");
        Directory.GetDirectories(Path.Combine(run, "checkpoints")).Select(Path.GetFileName).ShouldBe(["step-0000000300"]);
    }

    [Fact]
    public async Task Prune_WhileAWriterHoldsTheRun_Exits4NamingTheHolderAndRemovesNothing()
    {
        string run = await _runs.IntactAsync();
        await using var writer = await RunFixture.HoldOpenAsync(run);
        var before = RunSnapshot.Take(run);

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Output.ShouldBeEmpty();
        result.Error.ShouldStartWith($"ratchet: The run '{run}' is open for writing by pid {Environment.ProcessId} on {Environment.MachineName} since ");
        RunSnapshot.Take(run).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task Prune_DryRunWhileAWriterHoldsTheRun_ShowsThePlan()
    {
        string run = await _runs.IntactAsync();
        await using var writer = await RunFixture.HoldOpenAsync(run);

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1", "--dry-run");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Dry run: 1 kept, 2 dropped, 0 damaged;");
    }

    [Theory]
    [InlineData("loss", "it needs three parts separated by ':'")]
    [InlineData("loss:min", "it needs three parts separated by ':'")]
    [InlineData("loss:low:2", "the goal is 'low', not min or max")]
    [InlineData("loss:min:0", "K is '0', not a whole number of at least 1")]
    [InlineData("loss:min:two", "K is 'two', not a whole number of at least 1")]
    [InlineData(":max:2", "the metric name is empty")]
    public async Task Prune_BadKeepBestSpec_Exits1SayingWhatIsWrong(string spec, string problem)
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("prune", run, "--keep-best", spec);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Error.ShouldContain($"--keep-best '{spec}' is not METRIC:min|max:K: {problem}. For example: --keep-best loss:min:3.");
        Directory.GetDirectories(Path.Combine(run, "checkpoints")).Length.ShouldBe(3);
    }

    [Theory]
    [InlineData("loss:min:3", "loss", MetricGoal.Minimize, 3)]
    [InlineData("val:acc:max:1", "val:acc", MetricGoal.Maximize, 1)]
    public void KeepBestSpec_Valid_ParsesEveryPart(string text, string metric, MetricGoal goal, int count)
    {
        KeepBestSpec.TryParse(text, out var spec, out string? problem).ShouldBeTrue(problem);

        spec.ShouldBe(new KeepBestSpec(metric, goal, count));
    }

    [Theory]
    [InlineData]
    [InlineData("--dry-run")]
    [InlineData("--remove-damaged")]
    public async Task Prune_NoRule_Exits1AskingForOne(params string[] options)
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync(["prune", run, .. options]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Error.ShouldContain("Give at least one rule: --keep-last N, --keep-every N, --keep-every-epochs N or --keep-best METRIC:min|max:K.");
        Directory.GetDirectories(Path.Combine(run, "checkpoints")).Length.ShouldBe(3);
    }

    [Theory]
    [InlineData("--keep-last")]
    [InlineData("--keep-every")]
    [InlineData("--keep-every-epochs")]
    public async Task Prune_RuleOfZero_Exits1(string option)
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("prune", run, option, "0");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Error.ShouldContain($"{option} must be at least 1.");
    }

    [Fact]
    public async Task Prune_SeveralRules_KeepWhatAnyOfThemKeeps()
    {
        string run = await _runs.IntactAsync("five", checkpoints: 5);

        var result = await Cli.RunAsync("prune", run, "--keep-every", "200", "--keep-every-epochs", "3", "--keep-best", "loss:max:1", "--dry-run", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var document = result.Json();
        document.GetProperty("policy").GetString().ShouldBe("any-of (keep-every 200 steps, keep-every 3 epochs, keep-best 1 by loss (max))");
        Entries(document, "kept").ShouldBe([
            (500L, "newest intact"), (400L, "every 200 steps"), (300L, "every 3 epochs (last of epoch 3)"),
            (200L, "every 200 steps"), (100L, "best loss (max) #1 of 1")]);
    }

    [Fact]
    public async Task Prune_RemoveDamaged_RemovesDamagedCheckpointsButNotPinnedOnes()
    {
        string run = await _runs.IntactAsync("four", checkpoints: 4);
        File.Delete(RunFixture.CheckpointFile(run, 200, "D.bin"));
        File.Delete(RunFixture.CheckpointFile(run, 300, "D.bin"));
        await RunPins.PinAsync(run, 300);

        var dryRun = await Cli.RunAsync("prune", run, "--keep-last", "1", "--remove-damaged", "--dry-run");
        var result = await Cli.RunAsync("prune", run, "--keep-last", "1", "--remove-damaged", "--json");

        dryRun.ExitCode.ShouldBe(0, dryRun.ToString());
        RowOf(dryRun, 200).ShouldContain("left in place until removed explicitly; would be removed (--remove-damaged)");
        RowOf(dryRun, 300).ShouldContain("; pinned ");
        RowOf(dryRun, 300).ShouldNotContain("would be removed");
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json().GetProperty("removed").EnumerateArray().Select(entry => entry.GetString())
            .ShouldBe(["step-0000000100", "step-0000000200"], ignoreOrder: true);
        Directory.Exists(RunFixture.CheckpointFile(run, 200)).ShouldBeFalse();
        Directory.Exists(RunFixture.CheckpointFile(run, 300)).ShouldBeTrue();
        Directory.Exists(RunFixture.CheckpointFile(run, 400)).ShouldBeTrue();
    }

    [Fact]
    public async Task Prune_WithoutRemoveDamaged_LeavesDamagedInPlaceAndSaysHowToRemoveThem()
    {
        string run = await _runs.IntactAsync();
        File.Delete(RunFixture.CheckpointFile(run, 100, "D.bin"));

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("step-0000000100 is damaged:\n  - Part 'D' (D.bin) is missing.\n");
        result.Output.ShouldEndWith("1 kept, 1 dropped, 1 damaged; removed 1 checkpoint, freed "
            + $"{Formats.Bytes(BytesOf("intact", 200))}. Damaged checkpoints stay until removed with --remove-damaged.\n");
        Directory.Exists(RunFixture.CheckpointFile(run, 100)).ShouldBeTrue();
    }

    [Fact]
    public async Task Prune_DirectoryWithoutAReadableManifest_ReportedWithoutAStepAndRemovedOnlyOnRequest()
    {
        string run = await _runs.IntactAsync();
        File.Delete(RunFixture.CheckpointFile(run, 200, "manifest.json"));

        var kept = await Cli.RunAsync("prune", run, "--keep-last", "5", "--json");
        var removed = await Cli.RunAsync("prune", run, "--keep-last", "5", "--remove-damaged", "--json");

        var damaged = kept.Json().GetProperty("damaged").EnumerateArray().Single();
        damaged.GetProperty("directory").GetString().ShouldBe("step-0000000200");
        damaged.GetProperty("step").ValueKind.ShouldBe(JsonValueKind.Null);
        damaged.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString()).ShouldBe([PruneRow.UnplannableReason]);
        damaged.GetProperty("problems")[0].GetString()!.ShouldStartWith("Its manifest (manifest.json) is missing");
        kept.Json().GetProperty("removed").GetArrayLength().ShouldBe(0);
        removed.ExitCode.ShouldBe(0, removed.ToString());
        removed.Json().GetProperty("removed").EnumerateArray().Select(entry => entry.GetString()).ShouldBe(["step-0000000200"]);
        Directory.Exists(RunFixture.CheckpointFile(run, 200)).ShouldBeFalse();
    }

    [Fact]
    public async Task PinAndUnpin_DecideWhatTheNextPruneKeeps()
    {
        string run = await _runs.IntactAsync();

        await Cli.RunAsync("pin", run, "100");
        var whilePinned = await Cli.RunAsync("prune", run, "--keep-last", "1", "--dry-run", "--json");
        await Cli.RunAsync("unpin", run, "100");
        var afterUnpin = await Cli.RunAsync("prune", run, "--keep-last", "1", "--json");

        Entries(whilePinned.Json(), "kept").ShouldBe([(300L, "newest intact; keep-last 1"), (100L, "pinned")]);
        Entries(afterUnpin.Json(), "dropped").ShouldBe([(200L, "not kept by any rule"), (100L, "not kept by any rule")]);
        Directory.Exists(RunFixture.CheckpointFile(run, 100)).ShouldBeFalse();
    }

    [Fact]
    public async Task Prune_ForeignCheckpointCopiedIn_CountsAsDamagedNotAsNewest()
    {
        string run = await _runs.IntactAsync();
        string other = await _runs.IntactAsync("other", checkpoints: 4, config: new { model = "other" });
        Directory.CreateDirectory(RunFixture.CheckpointFile(run, 400));
        foreach (string file in Directory.GetFiles(RunFixture.CheckpointFile(other, 400)))
        {
            File.Copy(file, Path.Combine(RunFixture.CheckpointFile(run, 400), Path.GetFileName(file)));
        }

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1", "--dry-run", "--json");

        Entries(result.Json(), "kept").ShouldBe([(300L, "newest intact; keep-last 1")]);
        result.Json().GetProperty("damaged")[0].GetProperty("step").GetInt64().ShouldBe(400);
    }

    [Fact]
    public async Task Prune_UnreadableRunFile_Exits3AndRemovesNothing()
    {
        string run = await _runs.IntactAsync();
        await File.WriteAllTextAsync(Path.Combine(run, "run.json"), "{ torn");

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Error.ShouldStartWith("ratchet: The run file '");
        Directory.GetDirectories(Path.Combine(run, "checkpoints")).Length.ShouldBe(3);
    }

    [Fact]
    public async Task Prune_UnreadablePinsFile_Exits3AndRemovesNothing()
    {
        string run = await _runs.IntactAsync();
        await File.WriteAllTextAsync(Path.Combine(run, RunPins.FileName), "{ torn");

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Error.ShouldContain("Fix or remove it; until then nothing can be pruned safely.");
        Directory.GetDirectories(Path.Combine(run, "checkpoints")).Length.ShouldBe(3);
    }

    [Fact]
    public async Task Prune_EmptyRun_SaysThereIsNothingToPrune()
    {
        string run = await _runs.EmptyAsync();

        var result = await Cli.RunAsync("prune", run, "--keep-last", "1");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldBe($"The run '{run}' has no checkpoints; nothing to prune.\n");
    }

    [Fact]
    public void PruneView_FailedRemoval_MarksTheRowAndCountsTheFailure()
    {
        var plan = new RetentionPlan([
            new RetentionDecision(100, RetentionAction.Drop, ["not kept by any rule"]),
            new RetentionDecision(200, RetentionAction.Keep, ["newest intact"])]);
        var result = new PruneResult(plan, new Dictionary<long, CheckpointStatus>(), ["step-0000000100"], [], 0, ["Could not prune step-0000000100: denied. It was left in place."], []);
        var rows = PruneRow.For(result, dryRun: false);
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        PruneView.Write(new CliContext(output, TextWriter.Null, interactive: false), "run", RetentionPolicy.KeepLast(1), result, rows, dryRun: false, removeDamaged: false);

        output.ToString().ShouldContain("not kept by any rule; could not be removed (see the errors)");
        output.ToString().ShouldEndWith("1 kept, 1 dropped, 0 damaged; removed 0 checkpoints, freed 0 B. 1 removal failed; see the errors.\n");
    }

    private long BytesOf(string run, params long[] steps) =>
        _runs.Manifests[run].Where(manifest => steps.Contains(manifest.Step)).Sum(manifest => manifest.TotalBytes);

    private static string RowOf(CliResult result, long step) =>
        result.Output.Split('\n').Single(line => line.Contains(Ratchet.Storage.RunLayout.CheckpointName(step), StringComparison.Ordinal) && line.StartsWith('│'));

    private static List<(long Step, string Reasons)> Entries(JsonElement document, string name) =>
        [.. document.GetProperty(name).EnumerateArray().Select(entry => (
            entry.GetProperty("step").GetInt64(),
            string.Join("; ", entry.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString()))))];
}

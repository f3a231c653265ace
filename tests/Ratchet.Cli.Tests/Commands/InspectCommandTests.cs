namespace Ratchet.Cli.Tests.Commands;

/// <summary><c>ratchet inspect</c> gives the right verdict on every case folder of the corpus.</summary>
public sealed class InspectCommandTests
{
    [Theory]
    [InlineData("applio/clean/logs/myvoice", 10, "G_3000.pth,D_3000.pth", 11, false)]
    [InlineData("applio/torn/logs/myvoice", 5, "G_1500.pth,D_1500.pth", 1, true)]
    [InlineData("applio/mismatch/logs/myvoice", 5, "G_1500.pth,D_1500.pth", 11, false)]
    [InlineData("applio/stale-latest/logs/myvoice", 11, "G_3300.pth,D_3300.pth", 9, false)]
    [InlineData("rvc/latest-legacy/logs/myvoice", 20, "G_2333333.pth,D_2333333.pth", 21, false)]
    [InlineData("demucs/clean/outputs/xps/97d170e1", 3, "checkpoint.th", 4, false)]
    [InlineData("demucs/history-ahead/outputs/xps/97d170e1", 3, "checkpoint.th", 4, false)]
    public async Task Inspect_CaseFolder_RecommendsTheNewestIntactCheckpointAndSaysWhatTheToolWouldDo(
        string folder, long epoch, string files, long toolEpoch, bool silentRestart)
    {
        var result = await Cli.RunAsync("inspect", ForeignCorpus.Combine(folder), "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var report = result.Json();
        report.GetProperty("kind").GetString().ShouldBe(folder.StartsWith("demucs", StringComparison.Ordinal) ? "dora" : "applio");
        report.GetProperty("recommended").GetProperty("epoch").GetInt64().ShouldBe(epoch);
        report.GetProperty("recommended").GetProperty("files").EnumerateArray().Select(file => file.GetString()).ShouldBe(files.Split(','));
        report.GetProperty("keep").EnumerateArray().Select(file => file.GetString()).ShouldBe(files.Split(','), ignoreOrder: true);
        var tool = report.GetProperty("original_tool");
        tool.GetProperty("would_resume_epoch").GetInt64().ShouldBe(toolEpoch);
        tool.GetProperty("silent_restart").GetBoolean().ShouldBe(silentRestart);
        tool.GetProperty("why").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Inspect_TornNewestG_MarksItDamagedAndTheToolsPickAsASilentRestart()
    {
        var report = (await Cli.RunAsync("inspect", ForeignCorpus.Combine("applio/torn/logs/myvoice"), "--json")).Json();

        var torn = report.GetProperty("files").EnumerateArray().Single(file => file.GetProperty("path").GetString() == "G_3000.pth");
        torn.GetProperty("status").GetString().ShouldBe("damaged");
        torn.GetProperty("epoch").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        torn.GetProperty("reason").GetString()!.ShouldContain("central directory");
        report.GetProperty("original_tool").GetProperty("files").EnumerateArray().Select(file => file.GetString()).ShouldBe(["D_3000.pth", "G_3000.pth"], ignoreOrder: true);
        report.GetProperty("safe_to_delete").EnumerateArray().Select(file => file.GetString()).ShouldContain("G_3000.pth");
    }

    [Fact]
    public async Task Inspect_StaleLatestPair_SaysItShadowsTheNewerPairAndMayBeDeleted()
    {
        var report = (await Cli.RunAsync("inspect", ForeignCorpus.Combine("applio/stale-latest/logs/myvoice"), "--json")).Json();

        report.GetProperty("original_tool").GetProperty("files").EnumerateArray().Select(file => file.GetString()).ShouldBe(["D_2333333.pth", "G_2333333.pth"], ignoreOrder: true);
        report.GetProperty("safe_to_delete").EnumerateArray().Select(file => file.GetString()).ShouldBe(["D_2333333.pth", "G_2333333.pth"], ignoreOrder: true);
    }

    [Fact]
    public async Task Inspect_GWithoutItsD_RecommendsTheOlderPairAndExplainsTheMismatch()
    {
        var report = (await Cli.RunAsync("inspect", ForeignCorpus.Combine("applio/mismatch/logs/myvoice"), "--json")).Json();

        report.GetProperty("original_tool").GetProperty("why").GetString()!.ShouldContain("discriminator of epoch 5");
        report.GetProperty("safe_to_delete").EnumerateArray().Select(file => file.GetString()).ShouldBe(["G_3000.pth"]);
    }

    [Fact]
    public async Task Inspect_DoraHistoryAhead_SaysTheHistoryRunsAheadOfTheWeights()
    {
        var report = (await Cli.RunAsync("inspect", ForeignCorpus.Combine("demucs/history-ahead/outputs/xps/97d170e1"), "--json")).Json();

        report.GetProperty("original_tool").GetProperty("why").GetString()!.ShouldContain("history.json records 4 epochs");
        report.GetProperty("verdict").GetString()!.ShouldContain("history cut to it");
    }

    [Fact]
    public async Task Inspect_DoraWithoutCheckpoint_IsASilentFreshStartThatWouldOverwriteTheHistory()
    {
        var report = (await Cli.RunAsync("inspect", ForeignCorpus.Combine("demucs/no-checkpoint/outputs/xps/97d170e1"), "--json")).Json();

        report.GetProperty("recommended").GetProperty("epoch").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        report.GetProperty("original_tool").GetProperty("would_resume_epoch").GetInt64().ShouldBe(1);
        report.GetProperty("original_tool").GetProperty("silent_restart").GetBoolean().ShouldBeTrue();
        report.GetProperty("original_tool").GetProperty("why").GetString()!.ShouldContain("overwrites history.json");
    }

    [Fact]
    public async Task Inspect_DoraBestNamingForeignClasses_IsStillReadAndTheCheckpointRecommended()
    {
        var report = (await Cli.RunAsync("inspect", ForeignCorpus.Combine("demucs/clean/outputs/xps/97d170e1"), "--json")).Json();

        var best = report.GetProperty("files").EnumerateArray().Single(file => file.GetProperty("path").GetString() == "best.th");
        best.GetProperty("role").GetString().ShouldBe("demucs-best");
        best.GetProperty("status").GetString().ShouldBe("intact");
    }

    [Fact]
    public async Task Inspect_Table_ShowsTheVerdictAndTheFixCommand()
    {
        var result = await Cli.RunAsync("inspect", ForeignCorpus.Combine("applio/torn/logs/myvoice"));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("silently restart at epoch 1");
        result.Output.ShouldContain("ratchet adopt applio");
    }

    [Fact]
    public async Task Inspect_FolderWithNoCheckpoints_ExitsTwoSayingWhatItLooksFor()
    {
        using var temp = new TempDirectory();

        var result = await Cli.RunAsync("inspect", temp.Path);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("no Applio/RVC checkpoints");
    }
}

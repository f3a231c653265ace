using Ratchet.Runs;
using System.Globalization;
using Ratchet.History;

namespace Ratchet.Cli.Tests.Commands;

public sealed class HistoryCommandTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public async Task History_AsJson_EveryRecordFieldByField()
    {
        string run = await _runs.IntactAsync();
        var records = await (await RunReader.OpenAsync(run)).ReadHistoryAsync();

        var result = await Cli.RunAsync("history", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var entries = result.Json().EnumerateArray().ToList();
        entries.Count.ShouldBe(3);
        for (int i = 0; i < entries.Count; i++)
        {
            entries[i].GetProperty("step").GetInt64().ShouldBe(records[i].Step);
            entries[i].GetProperty("epoch").GetInt64().ShouldBe(records[i].Epoch);
            DateTimeOffset.Parse(entries[i].GetProperty("time").GetString()!, CultureInfo.InvariantCulture).ShouldBe(records[i].Time);
            entries[i].GetProperty("metrics").GetProperty("loss").GetDouble().ShouldBe(records[i].Metrics["loss"]);
            entries[i].GetProperty("metrics").GetProperty("acc").GetDouble().ShouldBe(records[i].Metrics["acc"]);
        }
    }

    [Fact]
    public async Task History_Tail_KeepsOnlyTheLastRecords()
    {
        string run = await _runs.IntactAsync();

        var json = await Cli.RunAsync("history", run, "--tail", "2", "--json");
        var table = await Cli.RunAsync("history", run, "--tail", "1");

        json.Json().EnumerateArray().Select(entry => entry.GetProperty("step").GetInt64()).ShouldBe([200L, 300L]);
        table.ExitCode.ShouldBe(0);
        table.Output.ShouldStartWith("3 records; showing 1.\n");
        table.Output.ShouldContain("│  300 │");
        table.Output.ShouldNotContain("│  200 │");
        table.Output.ShouldContain("loss");
        table.Output.ShouldContain("acc");
    }

    [Fact]
    public async Task History_TornLastLine_IsSkippedAndLeftInPlace()
    {
        string run = await _runs.IntactAsync();
        string path = Path.Combine(run, MetricsHistory.FileName);
        await File.AppendAllTextAsync(path, "{\"step\":400,\"ep");
        byte[] before = await File.ReadAllBytesAsync(path);

        var result = await Cli.RunAsync("history", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json().GetArrayLength().ShouldBe(3);
        (await File.ReadAllBytesAsync(path)).ShouldBe(before);
    }

    [Fact]
    public async Task History_NonFiniteMetric_IsWrittenAsAString()
    {
        string run = _runs.PathOf("diverged");
        await using (var training = await Ratchet.Runs.TrainingRun.OpenAsync(run, RunFixture.Config, RunFixture.Options))
        {
            await training.LogAsync(1, 0, new Dictionary<string, double> { ["loss"] = double.NaN });
        }

        var result = await Cli.RunAsync("history", run, "--json");

        result.Json()[0].GetProperty("metrics").GetProperty("loss").GetString().ShouldBe("NaN");
    }

    [Fact]
    public async Task History_EmptyRun_SaysSo()
    {
        string run = await _runs.EmptyAsync();

        var table = await Cli.RunAsync("history", run);
        var json = await Cli.RunAsync("history", run, "--json");

        table.Output.ShouldContain("has no history yet");
        json.Json().GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task History_CorruptMiddleLine_Exits3NamingTheLine()
    {
        string run = await _runs.IntactAsync();
        string path = Path.Combine(run, MetricsHistory.FileName);
        var lines = await File.ReadAllLinesAsync(path);
        lines[1] = "garbage";
        await File.WriteAllLinesAsync(path, lines);

        var result = await Cli.RunAsync("history", run);

        result.ExitCode.ShouldBe(3);
        result.Error.ShouldStartWith("ratchet: Line 2 of ");
    }

    [Fact]
    public async Task History_NegativeTail_IsAUsageError()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("history", run, "--tail", "-1");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("--tail must be zero or more.");
    }
}

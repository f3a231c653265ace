using Ratchet.Runs;
using System.Globalization;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Retention;

namespace Ratchet.Cli.Tests.Commands;

public sealed class ListCommandTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public async Task List_IntactRunAsJson_DescribesEveryCheckpointFieldByField()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("list", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var entries = result.Json().EnumerateArray().ToList();
        var manifests = _runs.Manifests["intact"].OrderByDescending(manifest => manifest.Step).ToList();
        entries.Count.ShouldBe(3);
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var manifest = manifests[i];
            entry.GetProperty("directory").GetString().ShouldBe(Ratchet.Storage.RunLayout.CheckpointName(manifest.Step));
            entry.GetProperty("step").GetInt64().ShouldBe(manifest.Step);
            entry.GetProperty("epoch").GetInt64().ShouldBe(manifest.Epoch);
            DateTimeOffset.Parse(entry.GetProperty("time").GetString()!, CultureInfo.InvariantCulture).ShouldBe(manifest.CreatedAt);
            entry.GetProperty("status").GetString().ShouldBe("unverified"); // list reads manifests and sizes only
            entry.GetProperty("problems").GetArrayLength().ShouldBe(0);
            entry.GetProperty("pinned").GetBoolean().ShouldBeFalse();
            entry.GetProperty("bytes").GetInt64().ShouldBe(RunFixture.DirectoryBytes(RunFixture.CheckpointFile(run, manifest.Step)));
            entry.GetProperty("metrics").GetProperty("loss").GetDouble().ShouldBe(manifest.Metrics["loss"]);
            var parts = entry.GetProperty("parts").EnumerateArray().ToList();
            parts.Count.ShouldBe(manifest.Parts.Count);
            for (int p = 0; p < parts.Count; p++)
            {
                parts[p].GetProperty("name").GetString().ShouldBe(manifest.Parts[p].Name);
                parts[p].GetProperty("file").GetString().ShouldBe(manifest.Parts[p].File);
                parts[p].GetProperty("kind").GetString().ShouldBe(manifest.Parts[p].Kind.ToString().ToLowerInvariant());
                parts[p].GetProperty("bytes").GetInt64().ShouldBe(manifest.Parts[p].Length);
                parts[p].GetProperty("checksum").GetString().ShouldBe(manifest.Parts[p].Checksum);
            }
        }
    }

    [Fact]
    public async Task List_DamagedRunAsJson_ReportsTheMissingPartButNotTheFlippedByte()
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("list", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var byStep = result.Json().EnumerateArray().ToDictionary(entry => entry.GetProperty("step").GetInt64());
        byStep[300].GetProperty("status").GetString().ShouldBe("unverified");
        byStep[200].GetProperty("status").GetString().ShouldBe("unverified");
        byStep[100].GetProperty("status").GetString().ShouldBe("damaged");
        byStep[100].GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ShouldContain("Part 'D' (D.bin) is missing.");
    }

    [Fact]
    public async Task List_FullOnDamagedRun_FindsTheFlippedByteToo()
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("list", run, "--full", "--json");

        var byStep = result.Json().EnumerateArray().ToDictionary(entry => entry.GetProperty("step").GetInt64());
        byStep[300].GetProperty("status").GetString().ShouldBe("damaged");
        byStep[300].GetProperty("problems")[0].GetString()!.ShouldContain("Part 'G' (G.bin) has checksum");
        byStep[200].GetProperty("status").GetString().ShouldBe("intact");
        byStep[100].GetProperty("status").GetString().ShouldBe("damaged");
    }

    [Fact]
    public async Task List_UnreadableManifest_ListedWithNullStepAndNoParts()
    {
        string run = await _runs.IntactAsync();
        File.WriteAllText(RunFixture.CheckpointFile(run, 200, "manifest.json"), "{ not a manifest");

        var result = await Cli.RunAsync("list", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var entries = result.Json().EnumerateArray().ToList();
        var broken = entries.Single(entry => entry.GetProperty("directory").GetString() == "step-0000000200");
        broken.GetProperty("step").ValueKind.ShouldBe(JsonValueKind.Null);
        broken.GetProperty("epoch").ValueKind.ShouldBe(JsonValueKind.Null);
        broken.GetProperty("time").ValueKind.ShouldBe(JsonValueKind.Null);
        broken.GetProperty("status").GetString().ShouldBe("damaged");
        broken.GetProperty("problems").GetArrayLength().ShouldBeGreaterThan(0);
        broken.GetProperty("parts").GetArrayLength().ShouldBe(0);
        broken.GetProperty("metrics").EnumerateObject().ShouldBeEmpty();
        entries[^1].ShouldBe(broken); // unreadable ones come last
    }

    [Fact]
    public async Task List_DamagedRunAsTable_ShowsEveryRowThenTheProblems()
    {
        string run = await _runs.DamagedAsync();

        var result = await Cli.RunAsync("list", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("step-0000000300");
        result.Output.ShouldContain("step-0000000200");
        result.Output.ShouldContain("unverified");
        result.Output.ShouldContain("loss=0.333333");
        result.Output.ShouldContain("step-0000000100 is damaged:\n  - Part 'D' (D.bin) is missing.");
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task List_PinnedStep_MarkedPinnedInJsonAndTable()
    {
        string run = await _runs.IntactAsync();
        await RunPins.PinAsync(run, 200);

        var json = await Cli.RunAsync("list", run, "--json");
        var table = await Cli.RunAsync("list", run);

        json.ExitCode.ShouldBe(0, json.ToString());
        json.Json().EnumerateArray().Select(entry => (entry.GetProperty("step").GetInt64(), entry.GetProperty("pinned").GetBoolean()))
            .ShouldBe([(300L, false), (200L, true), (100L, false)]);
        table.Output.Split('\n').Single(line => line.Contains("step-0000000200", StringComparison.Ordinal)).ShouldContain(" yes ");
        table.Output.Split('\n').Single(line => line.Contains("step-0000000300", StringComparison.Ordinal)).ShouldNotContain(" yes ");
    }

    [Fact]
    public async Task List_UnreadablePinsFile_Exits3NamingIt()
    {
        string run = await _runs.IntactAsync();
        await File.WriteAllTextAsync(Path.Combine(run, RunPins.FileName), "{ torn");

        var result = await Cli.RunAsync("list", run, "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldBeEmpty();
        result.Error.ShouldStartWith($"ratchet: The pins file '{Path.Combine(run, RunPins.FileName)}' is not valid JSON");
    }

    [Fact]
    public async Task List_EmptyRun_SaysSoAndJsonIsAnEmptyArray()
    {
        string run = await _runs.EmptyAsync();

        var table = await Cli.RunAsync("list", run);
        var json = await Cli.RunAsync("list", run, "--json");

        table.ExitCode.ShouldBe(0);
        table.Output.ShouldContain("has no checkpoints yet");
        json.Json().GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task List_WhileAWriterHoldsTheRun_Works()
    {
        string run = await _runs.IntactAsync();
        await using var writer = await RunFixture.HoldOpenAsync(run);

        var result = await Cli.RunAsync("list", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json().GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task List_ForeignCheckpointCopiedIn_IsDamagedBySignature()
    {
        string run = await _runs.IntactAsync();
        string other = await _runs.IntactAsync("other", checkpoints: 4, config: new { model = "other" });
        CopyDirectory(RunFixture.CheckpointFile(other, 400), RunFixture.CheckpointFile(run, 400));

        var result = await Cli.RunAsync("list", run, "--json");

        var foreign = result.Json()[0];
        foreign.GetProperty("step").GetInt64().ShouldBe(400);
        foreign.GetProperty("status").GetString().ShouldBe("damaged");
        foreign.GetProperty("problems")[0].GetString()!.ShouldContain("belongs to a run with config signature");
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}

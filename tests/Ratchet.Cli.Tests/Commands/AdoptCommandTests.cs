using Ratchet.Runs;
using System.Security.Cryptography;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.History;

namespace Ratchet.Cli.Tests.Commands;

/// <summary><c>ratchet adopt</c> turns intact foreign checkpoints into verified Ratchet checkpoints, skips what is damaged,
/// never touches the source folder, and adds only what is new when run again.</summary>
public sealed class AdoptCommandTests : IDisposable
{
    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(ForeignCorpus.Combine("expected.json"))).RootElement.Clone());

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Adopt_CleanApplioFolder_CommitsEachPairWithTheTensorsTorchSaw()
    {
        string source = ForeignCorpus.Combine("applio/clean/logs/myvoice");
        string run = _temp.Combine("run");
        var before = Fingerprint(source);

        var result = await Cli.RunAsync("adopt", "applio", source, "--run", run, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json().GetProperty("added").EnumerateArray().Select(added => (added.GetProperty("step").GetInt64(), added.GetProperty("epoch").GetInt64()))
            .ShouldBe([(1500L, 5L), (3000L, 10L)]);
        Fingerprint(source).ShouldBe(before);
        (await Cli.RunAsync("verify", run)).ExitCode.ShouldBe(0);

        var checkpoint = await (await RunReader.OpenAsync(run)).OpenCheckpointAsync(3000);
        checkpoint.Epoch.ShouldBe(10);
        foreach (var (part, file) in new[] { ("G", "G_3000.pth"), ("D", "D_3000.pth") })
        {
            var tensors = await checkpoint.ReadTensorsAsync(part);
            var expected = Expected.Value.GetProperty($"applio/clean/logs/myvoice/{file}").GetProperty("content");
            foreach (var entry in expected.EnumerateObject().Where(entry => entry.Name.StartsWith("model.", StringComparison.Ordinal)))
            {
                var tensor = tensors[entry.Name["model.".Length..]];
                Convert.ToHexStringLower(SHA256.HashData(tensor.Data.Span)).ShouldBe(entry.Value.GetProperty("sha256").GetString(), $"{file}: {entry.Name}");
            }

            var optimizer = await checkpoint.ReadTensorsAsync($"optim.{part}");
            optimizer.Count.ShouldBe(expected.EnumerateObject().Count(entry => entry.Name.StartsWith("optimizer.", StringComparison.Ordinal) && entry.Value.TryGetProperty("sha256", out _)));
            var sourceJson = JsonDocument.Parse(await checkpoint.ReadBytesAsync($"source.{part}")).RootElement;
            sourceJson.GetProperty("$dict").EnumerateArray().Select(pair => pair[0].GetString()).ShouldContain("learning_rate");
        }
    }

    [Fact]
    public async Task Adopt_Again_AddsOnlyWhatIsNew()
    {
        string run = _temp.Combine("run");
        (await Cli.RunAsync("adopt", "applio", ForeignCorpus.Combine("applio/mismatch/logs/myvoice"), "--run", run)).ExitCode.ShouldBe(0);

        var again = await Cli.RunAsync("adopt", "applio", ForeignCorpus.Combine("applio/mismatch/logs/myvoice"), "--run", run, "--json");

        again.ExitCode.ShouldBe(0, again.ToString());
        again.Json().GetProperty("added").GetArrayLength().ShouldBe(0);
        (await (await RunReader.OpenAsync(run)).ListAsync(VerificationLevel.Fast)).Select(status => status.Step).ShouldBe([1500L]);
    }

    [Fact]
    public async Task Adopt_TornNewestG_SkipsItWithAWarningAndAdoptsTheIntactPair()
    {
        string run = _temp.Combine("run");

        var result = await Cli.RunAsync("adopt", "applio", ForeignCorpus.Combine("applio/torn/logs/myvoice"), "--run", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Error.ShouldContain("skipped G_3000.pth: damaged");
        result.Error.ShouldContain("skipped D_3000.pth: no intact G of epoch 10");
        (await (await RunReader.OpenAsync(run)).ListAsync(VerificationLevel.Full)).Select(status => (status.Step, status.PassedChecks)).ShouldBe([(1500L, true)]);
    }

    [Fact]
    public async Task Adopt_SaveOnlyLatestFiles_DeriveTheStepFromTheEpoch()
    {
        string run = _temp.Combine("run");

        var result = await Cli.RunAsync("adopt", "applio", ForeignCorpus.Combine("applio/stale-latest/logs/myvoice"), "--run", run, "--json");

        // G_3300 at epoch 11 gives 300 steps per epoch, so the "latest" pair of epoch 8 is step 2400.
        result.Json().GetProperty("added").EnumerateArray().Select(added => added.GetProperty("step").GetInt64()).ShouldBe([2400L, 3300L]);
    }

    [Fact]
    public async Task Adopt_DoraHistoryAhead_CutsTheHistoryAtTheCheckpointAndSetsTheRestAside()
    {
        string run = _temp.Combine("run");

        var result = await Cli.RunAsync("adopt", "dora", ForeignCorpus.Combine("demucs/history-ahead/outputs/xps/97d170e1"), "--run", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        var checkpoint = await (await RunReader.OpenAsync(run)).OpenCheckpointAsync(3);
        checkpoint.Epoch.ShouldBe(3);
        checkpoint.HasPart("state").ShouldBeTrue();
        checkpoint.HasPart("optimizer").ShouldBeTrue();
        var history = await (await RunReader.OpenAsync(run)).ReadHistoryAsync();
        history.Select(record => record.Epoch).ShouldBe([1L, 2L, 3L]);
        history[0].Metrics["valid.main.loss"].ShouldBe(0.32);
        File.ReadAllLines(Path.Combine(run, MetricsHistory.RolledBackFileName)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Adopt_DoraWithoutCheckpoint_AddsNothingAndSaysWhy()
    {
        var result = await Cli.RunAsync("adopt", "dora", ForeignCorpus.Combine("demucs/no-checkpoint/outputs/xps/97d170e1"), "--run", _temp.Combine("run"));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Error.ShouldContain("no intact checkpoint");
        result.Output.ShouldContain("Nothing new to adopt");
    }

    [Fact]
    public async Task Adopt_WrongKind_ExitsTwoNamingTheKind()
    {
        var result = await Cli.RunAsync("adopt", "dora", ForeignCorpus.Combine("applio/clean/logs/myvoice"), "--run", _temp.Combine("run"));

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("not a Dora experiment folder");
        Directory.Exists(_temp.Combine("run")).ShouldBeFalse();
    }

    /// <summary>Every file's name, length and SHA-256: the source folder must be exactly as it was.</summary>
    private static string Fingerprint(string directory) => string.Join("\n",
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => $"{path} {new FileInfo(path).Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}"));
}

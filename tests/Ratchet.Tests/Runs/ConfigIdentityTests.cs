using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Runs;

namespace Ratchet.Tests.Runs;

public sealed class ConfigIdentityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Signature_KeyOrderAndNumberFormatting_DoNotMatter() =>
        ConfigIdentity.Signature(Json("""{"lr": 0.001, "model": {"hidden": 64, "depth": 2}, "beta": 1.0}"""), [])
            .ShouldBe(ConfigIdentity.Signature(Json("""{"beta": 1, "model": {"depth": 2.0, "hidden": 6.4e1}, "lr": 1e-3}"""), []));

    [Fact]
    public void Signature_AnyValueChange_ChangesIt() =>
        ConfigIdentity.Signature(Json("""{"model": {"hidden": 64}}"""), [])
            .ShouldNotBe(ConfigIdentity.Signature(Json("""{"model": {"hidden": 65}}"""), []));

    [Fact]
    public void Signature_StringVersusNumber_Differ() =>
        ConfigIdentity.Signature(Json("""{"seed": 1}"""), []).ShouldNotBe(ConfigIdentity.Signature(Json("""{"seed": "1"}"""), []));

    [Fact]
    public void Signature_IgnoredKeys_AreLeftOut() =>
        ConfigIdentity.Signature(Json("""{"epochs": 10, "train": {"log_every": 5, "lr": 0.1}}"""), ["epochs", "train.log_every"])
            .ShouldBe(ConfigIdentity.Signature(Json("""{"epochs": 500, "train": {"log_every": 1, "lr": 0.1}}"""), ["epochs", "train.log_every"]));

    [Fact]
    public async Task OpenAsync_IdentityKeyChanged_RefusedWithExactDiff()
    {
        string run = _temp.Combine("run");
        await (await Open(run, new { hidden = 64, lr = 0.001, epochs = 10 })).DisposeAsync();

        var error = await Should.ThrowAsync<ConfigMismatchException>(() => Open(run, new { hidden = 128, lr = 0.001, epochs = 10, extra = true }));

        error.Differences.Select(d => d.ToString()).ShouldBe(["extra: (absent) -> true", "hidden: 64 -> 128"]);
        error.Message.ShouldContain("extra: (absent) -> true; hidden: 64 -> 128");
    }

    [Fact]
    public async Task OpenAsync_IgnoredKeyChanged_Accepted()
    {
        string run = _temp.Combine("run");
        string signature;
        await using (var first = await Open(run, new { hidden = 64, epochs = 10 }, ignored: ["epochs"]))
        {
            signature = first.Signature;
        }

        await using var second = await Open(run, new { hidden = 64, epochs = 50 }, ignored: ["epochs"]);
        second.Signature.ShouldBe(signature);
    }

    [Fact]
    public async Task OpenAsync_AllowedKeyChanged_AcceptedLoggedAndRecorded()
    {
        string run = _temp.Combine("run");
        await (await Open(run, new { hidden = 64, lr = 0.001 })).DisposeAsync();
        var logger = new RecordingLogger();

        await using var resumed = await Open(run, new { hidden = 64, lr = 0.0005 }, allowed: ["lr"], logger: logger);

        logger.At(LogLevel.Information).ShouldContain("Accepted an allowed config change: lr: 0.001 -> 0.0005.");
        resumed.Info.Changes.Single().Path.ShouldBe("lr");
        var saved = RunFile.Parse(File.ReadAllBytes(Path.Combine(run, "run.json")), "run.json");
        saved.Config.GetProperty("lr").GetDouble().ShouldBe(0.0005);
        saved.Changes.Single().To.ShouldBe("0.0005");
    }

    private static Task<TrainingRun> Open(string run, object config, string[]? ignored = null, string[]? allowed = null, ILogger? logger = null) =>
        TrainingRun.OpenAsync(run, config, new TrainingRunOptions
        {
            IgnoredConfigKeys = ignored ?? [],
            AllowedConfigChanges = allowed ?? [],
            HandleStopSignals = false,
            Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        });
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Runs;

namespace Ratchet.Tests.Runs;

/// <summary>Guarantee 7: the history agrees with the checkpoints, and nothing is thrown away.</summary>
public sealed class HistoryTests : IDisposable
{
    private static readonly object Config = new { hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    private Task<TrainingRun> Open(ResumeFrom? from = null, ILogger? logger = null) => TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions
    {
        HandleStopSignals = false,
        ResumeFrom = from ?? ResumeFrom.Newest,
        Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
    });

    private static async Task EpochAsync(TrainingRun run, long step)
    {
        await run.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });
        await run.SaveAsync(new CheckpointContent(step, step).AddBytes("G", BitConverter.GetBytes(step)));
    }

    [Fact]
    public async Task LogAsync_Records_AreDurableAndReadBack()
    {
        await using (var run = await Open())
        {
            await run.LogAsync(1, 0, new Dictionary<string, double> { ["loss"] = 0.5 });
            await run.LogAsync(2, 0, new Dictionary<string, double> { ["loss"] = double.PositiveInfinity });
        }

        var records = await LocalRuns.ReadHistoryAsync(Run);
        records.Select(r => r.Step).ShouldBe([1L, 2L]);
        double.IsPositiveInfinity(records[1].Metrics["loss"]).ShouldBeTrue();
    }

    [Fact]
    public async Task SaveAsync_ManifestRecordsHistoryLength()
    {
        await using var run = await Open();
        await EpochAsync(run, 1);
        await EpochAsync(run, 2);

        (await run.Checkpoints.OpenAsync(2)).Manifest.HistoryLength.ShouldBe(2);
    }

    [Fact]
    public async Task OpenAsync_TornLastLine_ToleratedWithWarningAndKeptInRolledBackFile()
    {
        await using (var run = await Open())
        {
            await EpochAsync(run, 1);
        }

        await File.AppendAllTextAsync(Path.Combine(Run, "history.jsonl"), "{\"step\":2,\"epo");
        var logger = new RecordingLogger();

        await using var reopened = await Open(logger: logger);

        reopened.History.Count.ShouldBe(1);
        logger.At(LogLevel.Warning).ShouldContain(m => m.Contains("torn", StringComparison.Ordinal));
        string rolledBack = await File.ReadAllTextAsync(Path.Combine(Run, "history.rolled-back.jsonl"));
        using var entry = JsonDocument.Parse(rolledBack);
        entry.RootElement.GetProperty("torn_bytes_base64").GetBytesFromBase64().ShouldBe("{\"step\":2,\"epo"u8.ToArray());
        File.ReadAllText(Path.Combine(Run, "history.jsonl")).ShouldEndWith("}\n");
    }

    [Fact]
    public async Task OpenAsync_HistoryAheadOfNewestCheckpoint_RecordsPastItAreRolledBack()
    {
        // Demucs' failure: history written, then a crash before the checkpoint.
        await using (var run = await Open())
        {
            await EpochAsync(run, 1);
            await run.LogAsync(2, 2, new Dictionary<string, double> { ["loss"] = 0.5 });
        }

        await using var reopened = await Open();

        reopened.History.Records.Select(r => r.Step).ShouldBe([1L]);
        File.ReadAllLines(Path.Combine(Run, "history.rolled-back.jsonl")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task OpenAsync_ExplicitResumeToOlderCheckpoint_HistoryEndsThereAndRemovedRecordsAreExactlyKept()
    {
        await using (var run = await Open())
        {
            for (long step = 1; step <= 4; step++)
            {
                await EpochAsync(run, step);
            }
        }

        string[] before = File.ReadAllLines(Path.Combine(Run, "history.jsonl"));

        await using var resumed = await Open(ResumeFrom.Step(2));

        resumed.History.Records.Select(r => r.Step).ShouldBe([1L, 2L]);
        File.ReadAllLines(Path.Combine(Run, "history.jsonl")).ShouldBe(before[..2]);
        var rolledBack = File.ReadAllLines(Path.Combine(Run, "history.rolled-back.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        rolledBack.Select(e => e.GetProperty("record").GetRawText()).ShouldBe(before[2..]);
        rolledBack.ShouldAllBe(e => e.GetProperty("reason").GetString()!.Contains("after checkpoint step 2"));
        resumed.Checkpoints.ListDirectoryNames().ShouldBe(["step-0000000001", "step-0000000002"]);
        Directory.GetDirectories(Path.Combine(Run, "superseded"), "step-*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["step-0000000003", "step-0000000004"]);
    }

    [Fact]
    public async Task OpenAsync_ExplicitResume_ThenTrainingContinuesWithTheSameSteps()
    {
        await using (var run = await Open())
        {
            await EpochAsync(run, 1);
            await EpochAsync(run, 2);
        }

        await using var resumed = await Open(ResumeFrom.Step(1));
        await EpochAsync(resumed, 2);

        resumed.History.Count.ShouldBe(2);
    }
}

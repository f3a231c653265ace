using System.Text;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Runs;
using Ratchet.Testing;

namespace Ratchet.Tests.Runs;

/// <summary>Guarantee 7 across power loss: a history record whose append returned is never lost, neither from the
/// live history nor while it is being moved to the rolled-back file.</summary>
public sealed class HistoryPowerLossTests
{
    private const string Root = "/runs/r";
    private static readonly object Config = new { hidden = 8 };

    private static Task<TrainingRun> OpenAsync(CrashSimulatingFileSystem fs) =>
        TrainingRun.OpenAsync(Root, Config, new TrainingRunOptions { FileSystem = fs, HandleStopSignals = false });

    private static Task<HistoryRecord> LogAsync(TrainingRun run, long step) =>
        run.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });

    private static async Task<CrashSimulatingFileSystem> RunAsync(Func<TrainingRun, CrashSimulatingFileSystem, Task> build)
    {
        var fs = new CrashSimulatingFileSystem();
        fs.CreateDirectory("/runs");
        fs.SyncDirectory("/");
        await using (var run = await OpenAsync(fs))
        {
            await build(run, fs);
        }

        fs.SyncAll();
        return fs;
    }

    private static List<long> RolledBackSteps(CrashSimulatingFileSystem fs)
    {
        string path = $"{Root}/{MetricsHistory.RolledBackFileName}";
        if (!fs.Exists(path))
        {
            return [];
        }

        var steps = new List<long>();
        foreach (string line in Encoding.UTF8.GetString(fs.ReadAllBytes(path)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var entry = JsonDocument.Parse(line);
                if (entry.RootElement.TryGetProperty("record", out var record))
                {
                    steps.Add(record.GetProperty("step").GetInt64());
                }
            }
            catch (JsonException)
            {
                // the torn remains of an interrupted set-aside
            }
        }

        return steps;
    }

    [Fact]
    public async Task LogAsync_FirstRecordOfTheFileThenPowerLoss_RecordSurvives()
    {
        // Given a run whose checkpoints directory already exists but that has no history file yet
        var fs = await RunAsync((run, _) => run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[] { 1 })));
        await using (var run = await OpenAsync(fs))
        {
            // When the first record is appended and the power fails right after the append returned
            await LogAsync(run, 2);
        }

        var crashed = fs.CrashNowDurableOnly();

        // Then the record is still there
        (await LocalRuns.ReadHistoryAsync(Root, crashed)).Select(record => record.Step).ShouldBe([2L]);
    }

    [Fact]
    public async Task OpenAsync_PowerLossWhileRollingBack_EveryRecordIsInOneOfTheFiles()
    {
        // Given a run whose history holds two records past its only checkpoint, and no rolled-back file yet
        var initial = await RunAsync(async (run, _) =>
        {
            await LogAsync(run, 1);
            await run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[] { 1 }));
            await LogAsync(run, 2);
            await LogAsync(run, 3);
        });

        // When opening it (which moves records 2 and 3 aside) crashes after any operation
        await CrashSweep.RunAsync(
            initial,
            scenario: async fs =>
            {
                await using var run = await OpenAsync((CrashSimulatingFileSystem)fs);
            },
            check: async (crashed, _) =>
            {
                // Then each record is in the live history or in the rolled-back file
                var live = (await LocalRuns.ReadHistoryAsync(Root, crashed)).Select(record => record.Step);
                live.Concat(RolledBackSteps(crashed)).Distinct().Order().ShouldBe([1L, 2L, 3L]);
            },
            subsetsPerPoint: 16,
            seed: 3);
    }

    [Fact]
    public async Task OpenAsync_RolledBackFileEndsInATornEntry_NewEntriesStayWhole()
    {
        // Given a rolled-back file whose last entry was torn by a crash, and records 2 and 3 past the checkpoint
        var fs = await RunAsync(async (run, fs) =>
        {
            await LogAsync(run, 1);
            await run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[] { 1 }));
            await LogAsync(run, 2);
            await LogAsync(run, 3);
            fs.WriteAllBytes($"{Root}/{MetricsHistory.RolledBackFileName}", "{\"rolled_back_utc\":\"2026-01-01T00:00:00.0000000Z\",\"rea"u8);
        });

        // When the run is opened again and moves records 2 and 3 aside
        await using (var run = await OpenAsync(fs))
        {
            run.History.Count.ShouldBe(1);
        }

        // Then both new entries parse on lines of their own
        RolledBackSteps(fs).ShouldBe([2L, 3L]);
    }
}

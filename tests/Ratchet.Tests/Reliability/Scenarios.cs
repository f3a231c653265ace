using Ratchet.Retention;
using Ratchet.Testing;
using static Ratchet.Tests.Reliability.SimulatedRun;

namespace Ratchet.Tests.Reliability;

/// <summary>The scenarios of the crash and fault sweeps: a save, a save with automatic retention, a prune with pins
/// and keep-best, history appends around a save, and opening a run that holds the debris of earlier crashes.</summary>
internal static class Scenarios
{
    public static readonly string[] Names = ["save", "save-with-retention", "prune", "history", "open", "background-save", "sharded-save"];

    public static Task<Scenario> CreateAsync(string name) => name switch
    {
        "save" => SaveScenarioAsync(),
        "save-with-retention" => SaveWithRetentionAsync(),
        "prune" => PruneScenarioAsync(),
        "history" => HistoryAsync(),
        "open" => OpenWithDebrisAsync(),
        "background-save" => BackgroundSaveAsync(),
        "sharded-save" => ShardedSaveAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };

    /// <summary>Given checkpoints 1 and 2, log a record and save step 3.</summary>
    private static async Task<Scenario> SaveScenarioAsync()
    {
        var initial = await BuildAsync(async (run, _) =>
        {
            await LogAsync(run, 1);
            await run.SaveAsync(Content(1, 0.5));
            await LogAsync(run, 2);
            await run.SaveAsync(Content(2, 0.4));
        });
        return new Scenario("save", FaultClass.CrashDuringSave, initial, () => RunModel.Create([1, 2], [1, 2]), async (fs, model) =>
        {
            await using var run = await OpenAsync(fs);
            await LogAsync(run, model, 3);
            await SaveAsync(run, model, 3, 0.3);
        });
    }

    /// <summary>Given sharded checkpoints 1 and 2 of two ranks, a new launch logs a record and both ranks save step 3:
    /// rank 1's shard and record, then rank 0's shard, the gathering and the one commit.</summary>
    private static async Task<Scenario> ShardedSaveAsync()
    {
        var initial = new Ratchet.Testing.CrashSimulatingFileSystem();
        initial.CreateDirectory("/runs");
        initial.SyncDirectory("/");
        await using (var ranks = await SimulatedShards.OpenAsync(initial, "11111111111111111111111111111111"))
        {
            for (long step = 1; step <= 2; step++)
            {
                await LogAsync(ranks.Zero, step);
                await ranks.SaveAsync(null, step, 1.0 / step);
            }
        }

        initial.SyncAll();
        return new Scenario("sharded-save", FaultClass.CrashDuringShardedSave, initial, () => RunModel.Create([1, 2], [1, 2]), async (fs, model) =>
        {
            await using var ranks = await SimulatedShards.OpenAsync(fs, "22222222222222222222222222222222");
            await LogAsync(ranks.Zero, model, 3);
            await ranks.SaveAsync(model, 3, 0.3);
        }) { WorldSize = 2 };
    }

    /// <summary>Given checkpoints 1 and 2 and keep-last-2, snapshot saves of steps 3 and 4 with two in flight: step 4 is
    /// snapshotted while step 3 commits in the background, 4 commits after it, and record 5 is appended once both are
    /// durable. Only the background writer touches the disk between the appends, so the operations repeat exactly,
    /// as a crash sweep needs; appends racing a background commit are what the samples' kill tests exercise.</summary>
    private static async Task<Scenario> BackgroundSaveAsync()
    {
        var initial = await BuildAsync(async (run, _) =>
        {
            await LogAsync(run, 1);
            await run.SaveAsync(Content(1, 0.5));
            await LogAsync(run, 2);
            await run.SaveAsync(Content(2, 0.4));
        });
        return new Scenario("background-save", FaultClass.CrashDuringBackgroundSave, initial,
            () => RunModel.Create([1, 2], [1, 2], plannedVictims: [1, 2], victimsOnlyAfter: 3),
            async (fs, model) =>
            {
                await using var run = await OpenAsync(fs, RetentionPolicy.KeepLast(2), savesInFlight: 2);
                await LogAsync(run, model, 3);
                await LogAsync(run, model, 4);
                var third = await SnapshotAsync(run, model, 3, 0.3);
                var fourth = await SnapshotAsync(run, model, 4, 0.2);
                await CommittedAsync(model, third);
                await CommittedAsync(model, fourth);
                await LogAsync(run, model, 5);
            });
    }

    /// <summary>Given checkpoints 1 to 3 and keep-last-2, save step 4: the save commits, then 1 and 2 are pruned.</summary>
    private static async Task<Scenario> SaveWithRetentionAsync()
    {
        var initial = await BuildAsync(async (run, _) =>
        {
            for (long step = 1; step <= 3; step++)
            {
                await LogAsync(run, step);
                await run.SaveAsync(Content(step, 1.0 / step));
            }
        });
        return new Scenario("save-with-retention", FaultClass.CrashDuringSaveAndRetention, initial,
            () => RunModel.Create([1, 2, 3], [1, 2, 3], plannedVictims: [1, 2], victimsOnlyAfter: 4),
            async (fs, model) =>
            {
                await using var run = await OpenAsync(fs, RetentionPolicy.KeepLast(2));
                await LogAsync(run, model, 4);
                await SaveAsync(run, model, 4, 0.2);
            });
    }

    /// <summary>Given checkpoints 1 to 6 with step 1 pinned and the best loss at step 3, prune with keep-last-2 or
    /// keep-best-1: only 2 and 4 may go.</summary>
    private static async Task<Scenario> PruneScenarioAsync()
    {
        double[] losses = [0.9, 0.8, 0.1, 0.7, 0.6, 0.5];
        var initial = await BuildAsync(async (run, fs) =>
        {
            for (long step = 1; step <= 6; step++)
            {
                await LogAsync(run, step);
                await run.SaveAsync(Content(step, losses[step - 1]));
            }

            await LocalRuns.PinAsync(Root, 1, fs);
        });
        var policy = RetentionPolicy.AnyOf(RetentionPolicy.KeepLast(2), RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 1));
        return new Scenario("prune", FaultClass.CrashDuringPrune, initial, () => RunModel.Create([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], plannedVictims: [2, 4]),
            async (fs, model) =>
            {
                await using var run = await OpenAsync(fs);
                var result = await run.PruneAsync(policy);
                model.PruneFailures.AddRange(result.Failures);
                if (result.Succeeded && !result.Removed.SequenceEqual(["step-0000000002", "step-0000000004"]))
                {
                    throw new InvalidOperationException($"The prune removed {string.Join(", ", result.Removed)}, not steps 2 and 4.");
                }
            });
    }

    /// <summary>Given checkpoint 1 saved before anything was logged (so no history file yet), log two records, save
    /// step 3 and log one more.</summary>
    private static async Task<Scenario> HistoryAsync()
    {
        var initial = await BuildAsync((run, _) => run.SaveAsync(Content(1, 0.5)));
        return new Scenario("history", FaultClass.CrashDuringHistoryAppend, initial, () => RunModel.Create([1], []), async (fs, model) =>
        {
            await using var run = await OpenAsync(fs);
            await LogAsync(run, model, 2);
            await LogAsync(run, model, 3);
            await SaveAsync(run, model, 3, 0.3);
            await LogAsync(run, model, 4);
        });
    }

    /// <summary>A run left by crashes: checkpoints 2 and 4, six history records (two past the newest checkpoint) and
    /// a torn seventh, a pending save, prune trash and a temporary run.json. Opening it sweeps, sets the torn line
    /// aside and rolls records 5 and 6 back.</summary>
    private static async Task<Scenario> OpenWithDebrisAsync()
    {
        var initial = await BuildAsync(async (run, fs) =>
        {
            for (long step = 1; step <= 6; step++)
            {
                await LogAsync(run, step);
                if (step is 2 or 4)
                {
                    await run.SaveAsync(Content(step, 1.0 / step));
                }
            }

            string history = $"{Root}/{Ratchet.History.MetricsHistory.FileName}";
            fs.WriteAllBytes(history, [.. fs.ReadAllBytes(history), .. "{\"step\":7,\"epo"u8]);
            fs.CreateDirectory($"{CheckpointsDirectory}/.pending-5-0123abcd");
            fs.WriteAllBytes($"{CheckpointsDirectory}/.pending-5-0123abcd/G.bin", Payload(5, 1000));
            fs.CreateDirectory($"{CheckpointsDirectory}/.trash-step-0000000001-0123abcd");
            fs.WriteAllBytes($"{CheckpointsDirectory}/.trash-step-0000000001-0123abcd/manifest.json", "{}"u8);
            fs.WriteAllBytes($"{Root}/run.json.tmp-0123abcd", "{\"format\""u8);
        });
        return new Scenario("open", FaultClass.CrashDuringOpen, initial, () => RunModel.Create([2, 4], [1, 2, 3, 4, 5, 6]), async (fs, _) =>
        {
            await using var run = await OpenAsync(fs);
            if (run.Resume.Step != 4 || run.History.Count != 4)
            {
                throw new InvalidOperationException($"The open resumed step {run.Resume.Step} with {run.History.Count} records, not step 4 with 4.");
            }
        });
    }
}

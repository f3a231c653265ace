using Ratchet.Storage.Local;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;
using Ratchet.Storage;
using Ratchet.Testing;

namespace Ratchet.Tests.Reliability;

/// <summary>A training run on a simulated machine, driven through <see cref="TrainingRun"/> as a user would.</summary>
internal static class SimulatedRun
{
    public const string Root = "/runs/r";
    public const string CheckpointsDirectory = Root + "/checkpoints";

    private static readonly object Config = new { model = "reliability", hidden = 4 };

    /// <summary>Opens the run as one process, or as rank 0 of <paramref name="worldSize"/> ranks (without the launch's
    /// rendezvous, which a crash sweep cannot replay deterministically).</summary>
    public static Task<TrainingRun> OpenAsync(IFileSystem fileSystem, RetentionPolicy? retention = null, int savesInFlight = 1, int? worldSize = null) =>
        TrainingRun.OpenCoreAsync(Root, Config, new TrainingRunOptions
        {
            FileSystem = fileSystem, HandleStopSignals = false, Retention = retention, MaxSavesInFlight = savesInFlight,
        }, worldSize, CancellationToken.None);

    /// <summary>A small checkpoint: a few kilobytes of bytes and a JSON part, unique to the step.</summary>
    public static CheckpointContent Content(long step, double loss) =>
        new CheckpointContent(step, epoch: step)
            .AddBytes("G", Payload(step, 3000))
            .AddJson("state", new { step, seed = 7 })
            .SetMetric("loss", loss);

    public static byte[] Payload(long step, int length) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 131) + (step * 7)))];

    public static Task LogAsync(TrainingRun run, long step) =>
        run.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / (step + 1) });

    /// <summary>A machine holding the run after <paramref name="build"/> ran on it, all of it durable.</summary>
    public static async Task<CrashSimulatingFileSystem> BuildAsync(Func<TrainingRun, CrashSimulatingFileSystem, Task> build)
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

    /// <summary>Saves through the run, noting in the model that the save started, and whether it returned or threw.</summary>
    public static async Task SaveAsync(TrainingRun run, RunModel model, long step, double loss)
    {
        model.Attempted.Add(step);
        try
        {
            await run.SaveAsync(Content(step, loss));
        }
        catch (Exception e)
        {
            model.SaveError = e;
            throw;
        }

        model.Returned.Add(step);
        model.PruneFailures.AddRange(run.LastPrune?.Failures ?? []);
    }

    /// <summary>A snapshot save: attempted once accepted (a call that throws reports an earlier background save's
    /// failure, before taking this one); it counts as returned only once its commit completed.</summary>
    public static async Task<CheckpointSave> SnapshotAsync(TrainingRun run, RunModel model, long step, double loss)
    {
        try
        {
            var save = await run.SaveAsync(Content(step, loss), SaveMode.Snapshot);
            model.Attempted.Add(step);
            return save;
        }
        catch (Exception e)
        {
            model.SaveError = e;
            throw;
        }
    }

    /// <summary>Waits for a snapshot save to commit, noting in the model that it returned, or what it threw.</summary>
    public static async Task CommittedAsync(RunModel model, CheckpointSave save)
    {
        try
        {
            await save.Committed;
        }
        catch (Exception e)
        {
            model.SaveError ??= e;
            throw;
        }

        model.Returned.Add(save.Step);
        model.PruneFailures.AddRange(save.Prune?.Failures ?? []);
    }

    /// <summary>Appends a history record, noting in the model that it returned.</summary>
    public static async Task LogAsync(TrainingRun run, RunModel model, long step)
    {
        await LogAsync(run, step);
        model.Appended.Add(step);
    }
}

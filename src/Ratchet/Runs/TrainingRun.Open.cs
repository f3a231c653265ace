using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Storage;
using Ratchet.Storage.Local;
using Ratchet.Retention;

namespace Ratchet.Runs;

public sealed partial class TrainingRun
{
    /// <summary>
    /// Opens (or creates) the run in <paramref name="directory"/> for training: takes its lock, sweeps debris,
    /// checks the config against the run's identity, resolves the checkpoint to resume from and makes the history
    /// end there. Never a silent fresh start: a run with checkpoints but none intact is refused.
    /// </summary>
    /// <param name="directory">The run directory (created when missing).</param>
    /// <param name="config">The resolved config; serialized with System.Text.Json.</param>
    /// <param name="options">How to open; defaults are safe.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <exception cref="RunLockedException">Another process has the run open for writing.</exception>
    /// <exception cref="ConfigMismatchException">The config differs in identity keys.</exception>
    /// <exception cref="NoUsableCheckpointException">Checkpoints exist but none is intact.</exception>
    /// <exception cref="RunOptionsException"><see cref="TrainingRunOptions.StartOver"/> with an explicit <see cref="TrainingRunOptions.ResumeFrom"/>.</exception>
    /// <exception cref="ShardedRunException">The checkpoint to resume from was saved by several ranks (<see cref="ShardedRun"/>).</exception>
    /// <exception cref="RunAccessException">The run could not be read or written; the message's advice fits its store.</exception>
    /// <exception cref="StoreUnavailableException">A remote store cannot be used at all (credentials, a missing bucket,
    /// no connection); thrown as the store threw it, its <see cref="StoreUnavailableException.Problem"/> intact.</exception>
    public static Task<TrainingRun> OpenAsync<TConfig>(
        string directory, TConfig config, TrainingRunOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenCoreAsync(directory, config, options, worldSize: null, cancellationToken);

    /// <summary>Opens the run as <see cref="OpenAsync{TConfig}(string, TConfig, TrainingRunOptions?, CancellationToken)"/> does,
    /// for one process (<paramref name="worldSize"/> null) or as rank 0 of a sharded run of that many ranks.</summary>
    internal static async Task<TrainingRun> OpenCoreAsync<TConfig>(
        string directory, TConfig config, TrainingRunOptions? options, int? worldSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new TrainingRunOptions();
        if (options.StartOver && options.ResumeFrom.IsExplicit)
        {
            // Checked before anything is touched: starting over would set aside the very checkpoint asked for.
            throw new RunOptionsException(
                $"Cannot both start over and resume from {options.ResumeFrom}: starting over sets every checkpoint aside. "
                + "Drop StartOver to resume from that checkpoint, or drop ResumeFrom to start over.");
        }

        var store = RunStores.Open(directory, options.FileSystem);
        await CreateRunLocationAsync(store, cancellationToken).ConfigureAwait(false);
        var runLock = await store.AcquireWriterLockAsync(options.TimeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            if (store is LocalRunStore local)
            {
                // Only files this writer alone replaces: a sharded run's other ranks may be replacing their join files right now.
                foreach (string swept in local.SweepTemporaryFiles([RunFile.Name, RunPins.FileName, ShardNames.SessionFile]))
                {
                    RunLog.SweptFile(options.Logger, swept);
                }
            }

            var identity = await RunIdentity.EstablishAsync(store, JsonSerializer.SerializeToElement(config), options, cancellationToken).ConfigureAwait(false);
            var checkpoints = new CheckpointManager(store, new CheckpointManagerOptions
            {
                Logger = options.Logger,
                TimeProvider = options.TimeProvider,
                Checksum = options.Checksum,
                RunSignature = identity.Info.Signature,
            });
            await checkpoints.SweepDebrisAsync(cancellationToken).ConfigureAwait(false);
            string? startedOver = options.StartOver ? await StartOverAsync(store, checkpoints, options, cancellationToken).ConfigureAwait(false) : null;
            var decision = await checkpoints.ResolveAsync(options.ResumeFrom, cancellationToken).ConfigureAwait(false);
            CheckWorldSize(decision, worldSize, store.Location);
            if (startedOver is not null)
            {
                decision = decision with { Summary = startedOver };
            }

            // One timeline: the newer checkpoints an explicit resume goes back past are set aside, not deleted. Damaged
            // ones a resume passed over stay in place, reported, until training reaches their step again.
            if (decision.Kind == ResumeKind.Explicit)
            {
                await SetAsideAsync(store, checkpoints, [.. decision.PassedOver.Select(status => status.DirectoryName)], options, cancellationToken).ConfigureAwait(false);
            }

            // Only an open that got this far records the identity: a refused open changes nothing on disk.
            await RunIdentity.RecordAsync(store, identity, options, cancellationToken).ConfigureAwait(false);
            var info = identity.Info;
            var history = await MetricsHistory.OpenAsync(store, options.TimeProvider, options.Logger, cancellationToken).ConfigureAwait(false);
            int setAside = await ReconcileHistoryAsync(history, decision, options, cancellationToken).ConfigureAwait(false);
            await RunSessions.AppendAsync(store, options.TimeProvider.GetUtcNow(), decision, setAside, options.Logger, cancellationToken).ConfigureAwait(false);
            var resumed = decision.Chosen is null ? null : checkpoints.Open(decision.Chosen);
            var stop = options.HandleStopSignals ? new StopSignal(options.Logger) : null;
            var run = new TrainingRun(store, info, runLock, checkpoints, history, decision, resumed, stop, options);
            if (store is LocalRunStore { IsMachineFileSystem: true } && options.TensorBoardDirectory is { } events)
            {
                run.StartTensorBoard(Path.Combine(store.Location, events));
            }

            return run;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A StoreUnavailableException (bad credentials, a missing bucket, no connection) is neither, so it passes
            // through unchanged with its own exit code; what is caught here is a failed read or write.
            await runLock.DisposeAsync().ConfigureAwait(false);
            string advice = store is LocalRunStore
                ? "Check that its disk has free space and that the folder is writable"
                : "Check that the store is reachable and that these credentials may read and write at this location";
            throw new RunAccessException($"Cannot open the run '{store.Location}': {e.Message} {advice}; nothing committed was changed.", e);
        }
        catch
        {
            await runLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A checkpoint is restored by as many processes as saved it: one rank's shard alone is not the state.</summary>
    private static void CheckWorldSize(ResumeDecision decision, int? worldSize, string location)
    {
        if (decision.Chosen?.Manifest is not { } manifest || manifest.Shards?.WorldSize == worldSize)
        {
            return;
        }

        string saved = manifest.Shards is { } shards ? $"was saved by {shards.WorldSize} ranks" : "was saved by a single process, not sharded";
        string advice = manifest.Shards is { } layout
            ? $"Resume it with ShardedRun and {ShardedRunOptions.WorldSizeVariable}={layout.WorldSize}; resharding to another world size is not supported"
            : "Resume it with TrainingRun, or start over (StartOver sets its checkpoints aside)";
        throw new ShardedRunException(
            $"Cannot resume the run '{location}' {(worldSize is { } size ? $"with {size} ranks" : "as a single process")}: checkpoint step {manifest.Step} {saved}. {advice}. Nothing was changed.");
    }

    private static async Task CreateRunLocationAsync(IRunStore store, CancellationToken cancellationToken)
    {
        try
        {
            await store.CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunAccessException(store is LocalRunStore
                ? $"Cannot create or open the run directory '{store.Location}': {e.Message} Choose a writable location."
                : $"Cannot create or open the run '{store.Location}': {e.Message} Check that the store is reachable and that these credentials may write at this location.", e);
        }
    }

    /// <summary>Sets aside every checkpoint and the history; returns a sentence saying what went where, or null when
    /// there was nothing to set aside.</summary>
    private static async Task<string?> StartOverAsync(IRunStore store, CheckpointManager checkpoints, TrainingRunOptions options, CancellationToken cancellationToken)
    {
        var names = await checkpoints.ListNamesAsync(cancellationToken).ConfigureAwait(false);
        string? destination = await store.SetAsideAsync(
            names, [MetricsHistory.FileName, MetricsHistory.RolledBackFileName], options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (destination is null)
        {
            return null;
        }

        foreach (string name in names)
        {
            RunLog.SetAside(options.Logger, $"checkpoint {name}", destination);
        }

        await checkpoints.ForgetAsync(names, cancellationToken).ConfigureAwait(false);
        return $"Starting over as requested: {names.Count} checkpoint(s) and the history were set aside under '{destination}'.";
    }

    /// <summary>Going back never deletes: checkpoints out of the timeline are moved aside, where only an explicit
    /// request removes them.</summary>
    private static async Task SetAsideAsync(IRunStore store, CheckpointManager checkpoints, IReadOnlyList<string> names, TrainingRunOptions options, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return;
        }

        string? destination = await store.SetAsideAsync(names, [], options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (string name in names)
        {
            RunLog.SetAside(options.Logger, $"checkpoint {name}", destination ?? store.Location);
        }

        await checkpoints.ForgetAsync(names, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Guarantee 7: after a resume the live history ends exactly at the restored checkpoint.</summary>
    /// <returns>How many records were set aside.</returns>
    private static async Task<int> ReconcileHistoryAsync(MetricsHistory history, ResumeDecision decision, TrainingRunOptions options, CancellationToken cancellationToken)
    {
        long keep = decision.Chosen?.Manifest?.HistoryLength ?? 0;
        if (history.Count < keep)
        {
            HistoryLog.ShorterThanCheckpoint(options.Logger, history.Count, decision.Step ?? 0, keep);
            return 0;
        }

        string reason = decision.Step is { } step
            ? $"logged after checkpoint step {step}, which the run resumed from"
            : "logged before any checkpoint was committed; the run started fresh";
        int moved = await history.RollBackAsync((int)keep, reason, cancellationToken).ConfigureAwait(false);
        if (moved > 0)
        {
            HistoryLog.RolledBack(options.Logger, moved, decision.Step ?? 0, MetricsHistory.RolledBackFileName);
        }

        return moved;
    }
}

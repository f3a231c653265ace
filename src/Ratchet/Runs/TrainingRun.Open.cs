using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Storage;

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
    public static async Task<TrainingRun> OpenAsync<TConfig>(
        string directory, TConfig config, TrainingRunOptions? options = null, CancellationToken cancellationToken = default)
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

        var fileSystem = options.FileSystem;
        string root = fileSystem is LocalFileSystem ? RunRoot.Resolve(directory) : Path.GetFullPath(directory);
        CreateRunDirectory(fileSystem, root);
        var runLock = fileSystem is LocalFileSystem ? RunLock.Acquire(root, options.TimeProvider) : null;
        try
        {
            SweepTemporaryFiles(fileSystem, root, options);
            var identity = await RunIdentity.EstablishAsync(root, JsonSerializer.SerializeToElement(config), options, cancellationToken).ConfigureAwait(false);
            var checkpoints = new CheckpointManager(Path.Combine(root, "checkpoints"), new CheckpointManagerOptions
            {
                FileSystem = fileSystem,
                Logger = options.Logger,
                TimeProvider = options.TimeProvider,
                Checksum = options.Checksum,
                RunSignature = identity.Info.Signature,
            });
            checkpoints.SweepDebris();
            var supersede = new Supersede(fileSystem, root, options.TimeProvider, options.Logger);
            string? startedOver = options.StartOver ? supersede.Everything(checkpoints) : null;
            var decision = await checkpoints.ResolveAsync(options.ResumeFrom, cancellationToken).ConfigureAwait(false);
            if (startedOver is not null)
            {
                decision = decision with { Summary = startedOver };
            }

            // One timeline: the newer checkpoints an explicit resume goes back past are set aside, not deleted. Damaged
            // ones a resume passed over stay in place, reported, until training reaches their step again.
            if (decision.Kind == ResumeKind.Explicit)
            {
                supersede.Checkpoints(decision.PassedOver);
            }

            // Only an open that got this far records the identity: a refused open changes nothing on disk.
            await RunIdentity.RecordAsync(root, identity, options, cancellationToken).ConfigureAwait(false);
            var info = identity.Info;
            var history = await MetricsHistory.OpenAsync(fileSystem, options.TimeProvider, options.Logger, root, cancellationToken).ConfigureAwait(false);
            int setAside = await ReconcileHistoryAsync(history, decision, options, cancellationToken).ConfigureAwait(false);
            if (fileSystem is LocalFileSystem)
            {
                RunSessions.Append(root, options.TimeProvider.GetUtcNow(), decision, setAside, options.Logger);
            }

            var resumed = decision.Chosen is null ? null : checkpoints.Open(decision.Chosen);
            var stop = options.HandleStopSignals ? new StopSignal(options.Logger) : null;
            var run = new TrainingRun(root, info, runLock, checkpoints, history, decision, resumed, stop, options);
            if (fileSystem is LocalFileSystem && options.TensorBoardDirectory is { } events)
            {
                run.StartTensorBoard(Path.Combine(root, events));
            }

            return run;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            runLock?.Dispose();
            throw new RunAccessException(
                $"Cannot open the run '{root}': {e.Message} Check that its disk has free space and that the folder is writable; nothing committed was changed.", e);
        }
        catch
        {
            runLock?.Dispose();
            throw;
        }
    }

    private static void CreateRunDirectory(IFileSystem fileSystem, string root)
    {
        try
        {
            DurableDirectory.Ensure(fileSystem, root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunAccessException($"Cannot create or open the run directory '{root}': {e.Message} Choose a writable location.", e);
        }
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

    /// <summary>Removes the temporary files of an interrupted atomic replace of <c>run.json</c> or <c>pins.json</c>.</summary>
    private static void SweepTemporaryFiles(IFileSystem fileSystem, string root, TrainingRunOptions options)
    {
        foreach (var entry in fileSystem.List(root).Where(entry => entry.Kind == FileSystemEntryKind.File
            && entry.Name.Contains(AtomicFile.TemporarySuffix, StringComparison.Ordinal)
            && (entry.Name.StartsWith(RunFile.Name, StringComparison.Ordinal) || entry.Name.StartsWith("pins.json", StringComparison.Ordinal))))
        {
            fileSystem.DeleteFile(Path.Combine(root, entry.Name));
            RunLog.SweptFile(options.Logger, entry.Name);
        }
    }
}

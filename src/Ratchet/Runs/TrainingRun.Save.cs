using Ratchet.Checkpoints;
using Ratchet.Retention;

namespace Ratchet.Runs;

public sealed partial class TrainingRun
{
    private readonly SnapshotPool _snapshotPool = new();
    private readonly object _failureGate = new();
    private SemaphoreSlim? _slots;
    private Task _lastBackgroundSave = Task.CompletedTask;
    private (long Step, Exception Error)? _unreportedFailure;

    /// <summary>
    /// Saves a checkpoint in the run's <see cref="TrainingRunOptions.SaveMode"/>. This is the one way to commit a
    /// checkpoint: it checks that the disk can hold it, records the history length, and only once the checkpoint is
    /// committed applies the run's retention policy (pruning failures are logged, never thrown). A checkpoint that sets
    /// no metrics takes those logged with <see cref="LogAsync"/> at its step. In <see cref="SaveMode.Durable"/> mode the
    /// checkpoint is durable when this returns; in <see cref="SaveMode.Snapshot"/> mode only once the returned
    /// <see cref="CheckpointSave.Committed"/> completes. If it throws, nothing of it is committed.
    /// </summary>
    /// <param name="content">What to save.</param>
    /// <param name="mode">How to return; null takes the run's <see cref="TrainingRunOptions.SaveMode"/>. A snapshot save copies
    /// the state now (the caller may change it as soon as this returns) and writes it in the background; when
    /// <see cref="TrainingRunOptions.MaxSavesInFlight"/> saves are already in flight it first waits for the oldest to
    /// commit, so memory stays bounded.</param>
    /// <param name="cancellationToken">Cancels the save while it runs on the caller's thread; nothing is then committed.</param>
    /// <exception cref="InsufficientSpaceException">The disk cannot hold the checkpoint; nothing was written.</exception>
    /// <exception cref="CheckpointSaveException">Writing failed, or an earlier background save failed (reported here once).</exception>
    public async Task<CheckpointSave> SaveAsync(CheckpointContent content, SaveMode? mode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ThrowUnreportedFailure();
        TakeMetricsFromHistory(content);
        long historyLength = History.Count;
        if ((mode ?? _options.SaveMode) == SaveMode.Durable)
        {
            await WaitForBackgroundSavesAsync().ConfigureAwait(false);
            ThrowUnreportedFailure();
            var (manifest, prune) = await CommitAsync(content, historyLength, cancellationToken).ConfigureAwait(false);
            return new CheckpointSave(content.Step, content.Epoch, Task.FromResult(manifest)) { Prune = prune };
        }

        var slots = _slots ??= new SemaphoreSlim(Math.Max(1, _options.MaxSavesInFlight));
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        ContentSnapshot snapshot;
        try
        {
            ThrowUnreportedFailure();
            snapshot = await ContentSnapshot.TakeAsync(content, _snapshotPool, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            slots.Release();
            throw;
        }

        var previous = _lastBackgroundSave;
        var accepted = new TaskCompletionSource<CheckpointSave>(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = Task.Run(async () =>
        {
            try
            {
                // Commits happen in the order the saves were accepted: progress only moves forward.
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                var (manifest, prune) = await CommitAsync(snapshot.Content, historyLength, CancellationToken.None).ConfigureAwait(false);
                (await accepted.Task.ConfigureAwait(false)).Prune = prune;
                return manifest;
            }
            catch (Exception error)
            {
                RecordFailure(content.Step, error);
                throw;
            }
            finally
            {
                snapshot.Release();
                slots.Release();
            }
        }, CancellationToken.None);
        _lastBackgroundSave = committed;
        var save = new CheckpointSave(content.Step, content.Epoch, committed);
        accepted.SetResult(save);
        return save;
    }

    /// <summary>Waits until every background save has committed (or failed); a failure is reported by the next save or
    /// by dispose.</summary>
    public Task WaitForBackgroundSavesAsync() => _lastBackgroundSave.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private void TakeMetricsFromHistory(CheckpointContent content)
    {
        if (content.Metrics.Count == 0 && History.Records is [.., var last] && last.Step == content.Step)
        {
            foreach (var (name, value) in last.Metrics)
            {
                content.SetMetric(name, value);
            }
        }
    }

    private void RecordFailure(long step, Exception error)
    {
        lock (_failureGate)
        {
            _unreportedFailure ??= (step, error);
        }
    }

    private void ThrowUnreportedFailure()
    {
        (long Step, Exception Error)? failure;
        lock (_failureGate)
        {
            failure = _unreportedFailure;
            _unreportedFailure = null;
        }

        if (failure is var (step, error))
        {
            throw new CheckpointSaveException(
                $"The background save of checkpoint step {step} failed: {error.Message} It was not committed; the checkpoints before it are unchanged.", error);
        }
    }

    /// <summary>The commit itself, on the caller's thread (a durable save) or in the background (a snapshot save).</summary>
    private async Task<(CheckpointManifest Manifest, PruneResult? Prune)> CommitAsync(CheckpointContent content, long historyLength, CancellationToken cancellationToken)
    {
        // What the run knows of its checkpoints serves the space check, the damaged-occupant check and the forward-only
        // check; only checkpoints it has not seen are read, so a save costs the same with 10 or 10,000 of them.
        var existing = await Checkpoints.ListKnownAsync(cancellationToken).ConfigureAwait(false);
        await EnsureSpaceAsync(content, existing, cancellationToken).ConfigureAwait(false);
        if (await SetAsideDamagedOccupantAsync(content.Step, existing, cancellationToken).ConfigureAwait(false) is { } setAside)
        {
            existing = [.. existing.Where(status => status.DirectoryName != setAside)];
        }

        var manifest = await Checkpoints.SaveAsync(content, historyLength, existing, cancellationToken).ConfigureAwait(false);
        if (_options.Retention is not { KeepsEverything: false } policy)
        {
            return (manifest, null);
        }

        var pins = await RunPins.ReadAsync(Store, cancellationToken).ConfigureAwait(false);
        var prune = await Checkpoints.PruneAsync(policy, pins, dryRun: false, removeDamaged: false, afterSave: true, cancellationToken).ConfigureAwait(false);
        await PrunedRecord.AppendAsync(Store, _options.TimeProvider.GetUtcNow(), prune, _logger, cancellationToken).ConfigureAwait(false);
        LastPrune = prune;
        return (manifest, prune);
    }
}

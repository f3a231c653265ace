using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Storage;

namespace Ratchet.Runs;

/// <summary>
/// Changes to a run's checkpoints outside training (pruning, removing damaged checkpoints, sweeping debris), made while
/// holding the run's writer lock, as a trainer does: no training process can save, resume or prune meanwhile, and one
/// that holds the run makes <see cref="OpenAsync"/> fail naming it. Dispose it to release the lock.
/// </summary>
public sealed class RunMaintenance : IAsyncDisposable
{
    private readonly IAsyncDisposable _lock;
    private readonly CheckpointManager _checkpoints;
    private readonly ILogger _logger;

    private RunMaintenance(IRunStore store, IAsyncDisposable runLock, CheckpointManager checkpoints, ILogger logger)
    {
        Store = store;
        _lock = runLock;
        _checkpoints = checkpoints;
        _logger = logger;
    }

    /// <summary>Where the run is.</summary>
    public string Location => Store.Location;

    internal IRunStore Store { get; }

    /// <summary>Takes the run's writer lock for maintenance.</summary>
    /// <exception cref="CheckpointNotFoundException">Nothing is there, or it holds no run.</exception>
    /// <exception cref="RatchetFormatException"><c>run.json</c> is unreadable: without the run's identity, a checkpoint copied in
    /// from another run would count as intact and could be kept while this run's own are removed.</exception>
    /// <exception cref="RunLockedException">A writer holds the run.</exception>
    public static async Task<RunMaintenance> OpenAsync(string run, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var reader = await RunReader.OpenAsync(run, cancellationToken).ConfigureAwait(false);
        reader.EnsureRunFileReadable();
        var runLock = await reader.Store.AcquireWriterLockAsync(TimeProvider.System, cancellationToken).ConfigureAwait(false);
        logger ??= NullLogger.Instance;
        var checkpoints = new CheckpointManager(reader.Store, new CheckpointManagerOptions { Logger = logger, RunSignature = reader.Info?.Signature });
        return new RunMaintenance(reader.Store, runLock, checkpoints, logger);
    }

    /// <summary>
    /// Applies a retention policy now, honouring the pins as they are at this moment: each removed checkpoint is
    /// un-committed durably before its parts are deleted. Damaged checkpoints are removed only with
    /// <paramref name="removeDamaged"/>. Failures are reported in the result, not thrown.
    /// </summary>
    public async Task<PruneResult> PruneAsync(RetentionPolicy policy, bool removeDamaged = false, CancellationToken cancellationToken = default)
    {
        // Pins afresh, now that the lock is held: one made since the run was opened must count.
        var pins = await RunPins.ReadAsync(Store, cancellationToken).ConfigureAwait(false);
        var result = await _checkpoints.PruneAsync(policy, pins, dryRun: false, removeDamaged, cancellationToken: cancellationToken).ConfigureAwait(false);
        await PrunedRecord.AppendAsync(Store, TimeProvider.System.GetUtcNow(), result, _logger, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Removes the remains of interrupted saves and prunes.</summary>
    public Task<IReadOnlyList<DebrisEntry>> SweepDebrisAsync(CancellationToken cancellationToken = default) =>
        _checkpoints.SweepDebrisAsync(cancellationToken);

    /// <summary>Releases the run's lock.</summary>
    public ValueTask DisposeAsync() => _lock.DisposeAsync();
}

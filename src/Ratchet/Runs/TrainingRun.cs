using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Retention;
using Ratchet.Storage;

namespace Ratchet.Runs;

/// <summary>
/// One training run opened for writing: its identity (<c>run.json</c>), its lock, its checkpoints, its metrics
/// history and its stop signal. Open it with <see cref="OpenAsync{TConfig}"/>; dispose it to release the lock.
/// </summary>
public sealed partial class TrainingRun : IAsyncDisposable
{
    private readonly IAsyncDisposable _lock;
    private readonly TrainingRunOptions _options;
    private readonly ILogger _logger;
    private TensorBoard.TensorBoardWriter? _tensorBoard;

    private TrainingRun(
        IRunStore store, RunInfo info, IAsyncDisposable runLock, CheckpointManager checkpoints, MetricsHistory history,
        ResumeDecision decision, Checkpoint? resumed, StopSignal? stop, TrainingRunOptions options)
    {
        Store = store;
        Info = info;
        _lock = runLock;
        Checkpoints = checkpoints;
        History = history;
        Resume = decision;
        ResumedCheckpoint = resumed;
        Stop = stop;
        _options = options;
        _logger = options.Logger;
    }

    /// <summary>Where the run is: its directory, or its location in an object store.</summary>
    public string Directory => Store.Location;

    internal IRunStore Store { get; }

    /// <summary>The run's identity and config as recorded in <c>run.json</c>.</summary>
    public RunInfo Info { get; }

    /// <summary>The config signature, recorded in every checkpoint.</summary>
    public string Signature => Info.Signature;

    internal CheckpointManager Checkpoints { get; }

    /// <summary>The metrics history; after opening, it ends exactly at the resumed checkpoint.</summary>
    public MetricsHistory History { get; }

    /// <summary>What the resume chose and why.</summary>
    public ResumeDecision Resume { get; }

    /// <summary>The checkpoint to restore state from, or null on a fresh start.</summary>
    public Checkpoint? ResumedCheckpoint { get; }

    /// <summary>The stop request from SIGINT/SIGTERM, or null when signal handling is off.</summary>
    public StopSignal? Stop { get; }

    /// <summary>True once a graceful stop was requested.</summary>
    public bool IsStopRequested => Stop?.IsRequested ?? false;

    /// <summary>Appends a history record durably (call before saving the checkpoint that covers it).</summary>
    public async Task<HistoryRecord> LogAsync(long step, long epoch, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default)
    {
        var record = await History.AppendAsync(step, epoch, metrics, cancellationToken).ConfigureAwait(false);
        WriteTensorBoard(writer => writer.Write(record));
        return record;
    }

    /// <summary>What the automatic retention did after the last save, or null when none ran.</summary>
    public PruneResult? LastPrune { get; private set; }

    /// <summary>Plans (and unless <paramref name="dryRun"/>, applies) a retention policy now, honouring pins.</summary>
    public async Task<PruneResult> PruneAsync(RetentionPolicy policy, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        await WaitForBackgroundSavesAsync().ConfigureAwait(false);
        var pins = await RunPins.ReadAsync(Store, cancellationToken).ConfigureAwait(false);
        var result = await Checkpoints.PruneAsync(policy, pins, dryRun, removeDamaged: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            await PrunedRecord.AppendAsync(Store, _options.TimeProvider.GetUtcNow(), result, _logger, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Waits for the saves in flight to commit, then releases the run's lock and stops listening for signals.</summary>
    /// <exception cref="CheckpointSaveException">A background save failed and no later save reported it.</exception>
    public async ValueTask DisposeAsync()
    {
        await WaitForBackgroundSavesAsync().ConfigureAwait(false);
        _tensorBoard?.Dispose();
        Stop?.Dispose();
        _slots?.Dispose();
        await _lock.DisposeAsync().ConfigureAwait(false);
        ThrowUnreportedFailure();
    }

    /// <summary>After resuming past a damaged newer checkpoint, training reaches its step again; the damaged
    /// directory is evidence, not a resume point, so only now is it set aside (never deleted) to make room.
    /// Verified in full: a checkpoint altered in place passes the fast checks.</summary>
    /// <returns>The name of the directory set aside, or null.</returns>
    private async Task<string?> SetAsideDamagedOccupantAsync(long step, IReadOnlyList<CheckpointStatus> existing, CancellationToken cancellationToken)
    {
        string name = RunLayout.CheckpointName(step);
        if (existing.FirstOrDefault(status => status.DirectoryName == name) is not { } occupant)
        {
            return null;
        }

        var status = await Checkpoints.InspectAsync(occupant.DirectoryName, VerificationLevel.Full, null, cancellationToken).ConfigureAwait(false);
        if (status.State != CheckpointState.Damaged)
        {
            return null;
        }

        await SetAsideAsync(Store, Checkpoints, [name], _options, cancellationToken).ConfigureAwait(false);
        return name;
    }

    private async Task EnsureSpaceAsync(CheckpointContent content, IReadOnlyList<CheckpointStatus> existing, CancellationToken cancellationToken)
    {
        const long manifestAllowance = 64 << 10;
        // The checkpoint being saved, by its parts' lengths; a streamed part of unknown length is estimated from the
        // same part of the newest checkpoint (training state rarely changes size between saves).
        var previous = existing.FirstOrDefault(status => status.Manifest is not null)?.Manifest;
        long required = content.Parts.Sum(part => part.KnownLength ?? previous?.FindPart(Checkpoints.ShardRank, part.Name)?.Length ?? 0) + manifestAllowance;
        if (await Store.GetAvailableBytesAsync(cancellationToken).ConfigureAwait(false) is { } available && required > available)
        {
            string prunable = _options.Retention is { } policy
                ? $"The retention policy ({policy}) would free {(await PruneAsync(policy, dryRun: true, cancellationToken).ConfigureAwait(false)).FreedBytes} bytes"
                : $"Checkpoints older than the newest hold {existing.Skip(1).Sum(status => status.Manifest?.TotalBytes ?? 0)} bytes that pruning could free";
            throw new InsufficientSpaceException(
                $"Not saving checkpoint step {content.Step}: it needs about {required} bytes "
                + $"but only {available} bytes are free on the volume of '{Directory}'. Nothing was written. "
                + $"{prunable} (`ratchet prune RUN --keep-last 3 --dry-run`, with RUN the run above, shows such a plan).",
                required, available);
        }
    }
}

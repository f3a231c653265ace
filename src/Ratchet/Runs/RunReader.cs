using System.Runtime.ExceptionServices;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Retention;
using Ratchet.Storage;
using Ratchet.Storage.Local;

namespace Ratchet.Runs;

/// <summary>
/// A run opened for reading: status, checkpoints, verification, history, config. It never takes the run's lock and
/// never writes, so it is safe while a trainer holds the run. Everything <c>ratchet status</c>, <c>list</c>,
/// <c>verify</c>, <c>history</c> and <c>config</c> show comes from here.
/// </summary>
public sealed class RunReader
{
    private readonly RatchetFormatException? _runFileError;
    private readonly RatchetFormatException? _pinsError;
    private readonly CheckpointManager _checkpoints;

    private RunReader(IRunStore store, RunInfo? info, RatchetFormatException? runFileError, IReadOnlySet<long> pinnedSteps, RatchetFormatException? pinsError)
    {
        Store = store;
        Info = info;
        _runFileError = runFileError;
        PinnedSteps = pinnedSteps;
        _pinsError = pinsError;

        // With the run's signature, a checkpoint copied in from another run shows as damaged rather than usable.
        _checkpoints = new CheckpointManager(store, new CheckpointManagerOptions { RunSignature = info?.Signature });
    }

    /// <summary>Where the run is (a directory, or a location in an object store).</summary>
    public string Location => Store.Location;

    /// <summary>What <c>run.json</c> records; null when it is missing or unreadable (<see cref="RunFileProblem"/>).</summary>
    public RunInfo? Info { get; }

    /// <summary>Why <c>run.json</c> could not be read, or null.</summary>
    public string? RunFileProblem => _runFileError?.Message;

    /// <summary>The pinned steps as read when the run was opened; empty when <c>pins.json</c> is unreadable (<see cref="PinsProblem"/>).</summary>
    public IReadOnlySet<long> PinnedSteps { get; }

    /// <summary>Why <c>pins.json</c> could not be read, or null.</summary>
    public string? PinsProblem => _pinsError?.Message;

    internal IRunStore Store { get; }

    /// <summary>Opens the run at <paramref name="run"/> (a path, or a URL of a registered store) for reading.</summary>
    /// <exception cref="CheckpointNotFoundException">Nothing is there, or it holds no run.</exception>
    public static Task<RunReader> OpenAsync(string run, CancellationToken cancellationToken = default) =>
        OpenAsync(RunStores.Open(run), cancellationToken);

    internal static async Task<RunReader> OpenAsync(IRunStore store, CancellationToken cancellationToken)
    {
        if (store is LocalRunStore local && local.ProblemWithRoot() is { } problem)
        {
            throw new CheckpointNotFoundException(problem);
        }

        RunInfo? info = null;
        RatchetFormatException? error = null;
        try
        {
            info = await RunFile.ReadAsync(store, cancellationToken).ConfigureAwait(false);
        }
        catch (RatchetFormatException e)
        {
            error = e;
        }

        if (info is null && error is null && !await store.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new CheckpointNotFoundException(
                $"'{store.Location}' is not a Ratchet run: it has neither run.json nor a checkpoints directory. Pass the directory a training run was opened in.");
        }

        // Read once here so every view shows the same pins; an unreadable file is kept as a problem, not thrown, because
        // only what shows pins (or prunes) depends on it.
        IReadOnlySet<long> pins = new HashSet<long>();
        RatchetFormatException? pinsError = null;
        try
        {
            pins = await RunPins.ReadAsync(store, cancellationToken).ConfigureAwait(false);
        }
        catch (RatchetFormatException e)
        {
            pinsError = e;
        }

        return new RunReader(store, info, error, pins, pinsError);
    }

    /// <summary>Fails the way a writer's open would when <c>run.json</c> is unreadable: without it, checkpoints cannot be
    /// checked against the run's identity, so a clean result would be a false one.</summary>
    /// <exception cref="RatchetFormatException"><c>run.json</c> exists but does not follow the format.</exception>
    public void EnsureRunFileReadable()
    {
        if (_runFileError is not null)
        {
            ExceptionDispatchInfo.Throw(_runFileError);
        }
    }

    /// <summary>Fails when <c>pins.json</c> is unreadable: a listing that showed nothing pinned would then be a false one.</summary>
    /// <exception cref="RatchetFormatException"><c>pins.json</c> exists but does not follow the format.</exception>
    public void EnsurePinsReadable()
    {
        if (_pinsError is not null)
        {
            ExceptionDispatchInfo.Throw(_pinsError);
        }
    }

    /// <summary>The run's config as stored.</summary>
    /// <exception cref="CheckpointNotFoundException">The run has no <c>run.json</c>.</exception>
    public RunInfo RequireInfo()
    {
        EnsureRunFileReadable();
        return Info ?? throw new CheckpointNotFoundException(
            $"The run '{Location}' has no run.json, so it has no stored config (its checkpoints were saved outside a training run).");
    }

    /// <summary>Whether retention must keep this checkpoint.</summary>
    public bool IsPinned(CheckpointStatus status) => status?.Step is { } step && PinnedSteps.Contains(step);

    /// <summary>Every committed checkpoint at the given level, newest step first (those whose manifest cannot be read last).</summary>
    public Task<IReadOnlyList<CheckpointStatus>> ListAsync(
        VerificationLevel level = VerificationLevel.Fast, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        _checkpoints.ListAsync(level, progress, cancellationToken);

    /// <summary>Verifies one checkpoint in full (every byte of every part).</summary>
    public Task<CheckpointStatus> VerifyAsync(string checkpoint, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        _checkpoints.InspectAsync(checkpoint, VerificationLevel.Full, progress, cancellationToken);

    /// <summary>What a writer's open would resume from, verifying the newest checkpoints in full; reads only.</summary>
    /// <exception cref="NoUsableCheckpointException">Checkpoints exist but none is intact.</exception>
    public Task<ResumeDecision> ResolveAsync(ResumeFrom request, CancellationToken cancellationToken = default) =>
        _checkpoints.ResolveAsync(request, cancellationToken);

    /// <summary>Opens the checkpoint of <paramref name="step"/> for reading after verifying it in full.</summary>
    /// <exception cref="CheckpointNotFoundException">No checkpoint has that step.</exception>
    /// <exception cref="CheckpointCorruptException">The checkpoint is damaged.</exception>
    public Task<Checkpoint> OpenCheckpointAsync(long step, CancellationToken cancellationToken = default) =>
        _checkpoints.OpenAsync(step, cancellationToken);

    /// <summary>Plans a retention policy over the checkpoints as a prune would, honouring pins; removes nothing.</summary>
    public async Task<PruneResult> PlanPruneAsync(RetentionPolicy policy, bool removeDamaged = false, CancellationToken cancellationToken = default)
    {
        var pins = await RunPins.ReadAsync(Store, cancellationToken).ConfigureAwait(false);
        return await _checkpoints.PruneAsync(policy, pins, dryRun: true, removeDamaged, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a writer holds the run's lock right now, and who. Never creates or changes the lock.</summary>
    public Task<RunLockProbe> ProbeLockAsync(CancellationToken cancellationToken = default) => Store.ProbeWriterLockAsync(cancellationToken);

    /// <summary>The metrics history; a torn last line (an append a crash interrupted) is skipped, not repaired.</summary>
    /// <exception cref="RatchetFormatException">The history does not follow the format.</exception>
    public Task<IReadOnlyList<HistoryRecord>> ReadHistoryAsync(CancellationToken cancellationToken = default) =>
        MetricsHistory.ReadAsync(Store, cancellationToken);

    /// <summary>The remains of interrupted saves and prunes, from a listing only: the next writer sweeps them, a reader must
    /// not (a save may be in progress right now).</summary>
    public Task<IReadOnlyList<DebrisEntry>> ListDebrisAsync(CancellationToken cancellationToken = default) => Store.ListDebrisAsync(cancellationToken);

    /// <summary>The bytes a checkpoint's files occupy; 0 once it is gone (a writer may prune while this reads).</summary>
    public async Task<long> BytesOfAsync(string checkpoint, CancellationToken cancellationToken = default)
    {
        var listing = await Store.ListCheckpointFilesAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        return listing.Files.Where(file => file.Kind == FileSystemEntryKind.File).Sum(file => file.Length);
    }

    /// <summary>Every recorded open of the run for writing, oldest first.</summary>
    public Task<IReadOnlyList<RunSession>> ReadSessionsAsync(CancellationToken cancellationToken = default) =>
        RunSessions.ReadAsync(Store, cancellationToken);

    /// <summary>Every checkpoint a prune removed, oldest first.</summary>
    public Task<IReadOnlyList<PrunedCheckpoint>> ReadPrunedAsync(CancellationToken cancellationToken = default) =>
        PrunedRecord.ReadAsync(Store, cancellationToken);

    /// <summary>Why the last prune kept each checkpoint (step to reasons); empty when none ran.</summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> ReadRetentionReasonsAsync(CancellationToken cancellationToken = default) =>
        PrunedRecord.ReadKeptAsync(Store, cancellationToken);
}

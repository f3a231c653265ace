using Microsoft.Extensions.Logging;
using Ratchet.Storage;
using Ratchet.Storage.Local;

namespace Ratchet.Checkpoints;

/// <summary>
/// Lists, verifies, saves, prunes and resolves the checkpoints of one run's store. It is the engine behind the public
/// entry points (<see cref="Runs.TrainingRun"/> to save, <see cref="Runs.RunReader"/> to read,
/// <see cref="Runs.RunMaintenance"/> to prune), which hold the locks it does not take itself.
/// </summary>
internal sealed partial class CheckpointManager
{
    private readonly ILogger _logger;
    private readonly CheckpointManagerOptions _options;
    private readonly CheckpointVerifier _verifier;
    private readonly CheckpointWriter _writer;

    // Steps committed by this instance: their checksums were computed from the bytes as written.
    private readonly HashSet<long> _committedHere = [];

    // Checkpoints a full verification by this instance found damaged; fast checks alone cannot see altered bytes.
    private readonly HashSet<string> _knownDamaged = new(StringComparer.Ordinal);

    // What this instance knows of each committed checkpoint (fast checks or better), by name: listed once, then kept
    // current by its own saves, prunes and verifications, and re-read only for names that appear on the store. This is
    // what makes a save cost the same with 10 or 10,000 checkpoints.
    private readonly Dictionary<string, CheckpointStatus> _known = new(StringComparer.Ordinal);

    public CheckpointManager(IRunStore store, CheckpointManagerOptions? options = null)
    {
        Store = store;
        _options = options ?? new CheckpointManagerOptions();
        _logger = _options.Logger;
        _verifier = new CheckpointVerifier(store);
        _writer = new CheckpointWriter(store, _options.Checksum, _options.TimeProvider, _logger);
    }

    /// <summary>A manager of the checkpoints in a local <c>checkpoints/</c> folder, whose parent is the run folder.</summary>
    public CheckpointManager(string checkpointsDirectory, CheckpointManagerOptions? options = null)
        : this(new LocalRunStore(Path.GetDirectoryName(Path.GetFullPath(checkpointsDirectory))!, options?.FileSystem ?? LocalFileSystem.Instance), options)
    {
    }

    public IRunStore Store { get; }

    /// <summary>The local <c>checkpoints/</c> folder, or the store's location.</summary>
    public string Directory => Store is LocalRunStore local ? local.CheckpointsDirectory : Store.Location;

    /// <summary>The names of the committed checkpoints, in order (never pending saves or prune debris).</summary>
    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken) =>
        [.. (await Store.ListCheckpointsAsync(cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal)];

    /// <summary>Examines every committed checkpoint afresh at the given level, newest step first (those whose manifest
    /// cannot be read come last).</summary>
    public async Task<IReadOnlyList<CheckpointStatus>> ListAsync(
        VerificationLevel level = VerificationLevel.Fast, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var statuses = new List<CheckpointStatus>();
        foreach (string name in await ListNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            statuses.Add(await InspectAsync(name, level, progress, cancellationToken).ConfigureAwait(false));
        }

        return NewestFirst(statuses);
    }

    /// <summary>The committed checkpoints as this instance knows them (see <see cref="_known"/>), newest first: one
    /// listing of names, and a fast check only of names it has not seen.</summary>
    public async Task<IReadOnlyList<CheckpointStatus>> ListKnownAsync(CancellationToken cancellationToken)
    {
        var names = (await Store.ListCheckpointsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (string gone in _known.Keys.Where(name => !names.Contains(name)).ToList())
        {
            _known.Remove(gone);
        }

        foreach (string name in names.Where(name => !_known.ContainsKey(name)))
        {
            _known[name] = await _verifier.InspectAsync(name, VerificationLevel.Fast, _options.RunSignature, null, cancellationToken).ConfigureAwait(false);
        }

        return NewestFirst(_known.Values);
    }

    /// <summary>Lists and fast-checks every committed checkpoint afresh, and keeps the result as what this instance
    /// knows. Resolving a resume and an explicit prune use this; the retention after each save uses <see cref="ListKnownAsync"/>.</summary>
    public async Task<IReadOnlyList<CheckpointStatus>> RefreshAsync(CancellationToken cancellationToken)
    {
        var statuses = await ListAsync(VerificationLevel.Fast, null, cancellationToken).ConfigureAwait(false);
        _known.Clear();
        foreach (var status in statuses)
        {
            _known[status.DirectoryName] = status;
        }

        return statuses;
    }

    /// <summary>Verifies one checkpoint.</summary>
    public async Task<CheckpointStatus> InspectAsync(
        string name, VerificationLevel level = VerificationLevel.Full, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var status = await _verifier.InspectAsync(name, level, _options.RunSignature, progress, cancellationToken).ConfigureAwait(false);
        if (level == VerificationLevel.Full)
        {
            _ = status.State == CheckpointState.Damaged ? _knownDamaged.Add(name) : _knownDamaged.Remove(name);
        }

        if (_known.ContainsKey(name) || level == VerificationLevel.Full)
        {
            _known[name] = status;
        }

        return status;
    }

    /// <summary>Opens a checkpoint for reading after verifying it in full.</summary>
    /// <exception cref="CheckpointNotFoundException">No checkpoint has that step.</exception>
    /// <exception cref="CheckpointCorruptException">The checkpoint is damaged.</exception>
    public async Task<Checkpoint> OpenAsync(long step, CancellationToken cancellationToken = default)
    {
        // Opening for reading is not a resume: same lookup and verification, but no resume decision is logged.
        var decision = await DecideAsync(ResumeFrom.Step(step), cancellationToken).ConfigureAwait(false);
        return Open(decision.Chosen!);
    }

    /// <summary>Opens a checkpoint whose status says it passed verification.</summary>
    public Checkpoint Open(CheckpointStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Manifest is null || status.State == CheckpointState.Damaged)
        {
            throw new CheckpointCorruptException($"Checkpoint {status.DirectoryName} cannot be opened: {string.Join(" ", status.Problems)}");
        }

        return new Checkpoint(Store, status.DirectoryName, status.Manifest);
    }

    /// <summary>Decides which checkpoint to resume from (see <see cref="ResumeFrom"/>) and logs the decision in one
    /// line, with a warning for each damaged newer checkpoint passed over.</summary>
    /// <exception cref="NoUsableCheckpointException">Checkpoints exist but none is intact.</exception>
    public async Task<ResumeDecision> ResolveAsync(ResumeFrom request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await DecideAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (var damaged in decision.PassedOver.Where(status => status.State == CheckpointState.Damaged))
        {
            CheckpointLog.PassedOverDamaged(_logger, damaged.DirectoryName, string.Join(" ", damaged.Problems));
        }

        CheckpointLog.Decision(_logger, decision.Summary);
        return decision;
    }

    /// <summary>Removes the debris of interrupted saves and prunes, logging each. Only the writer may: a concurrent
    /// save's staging area looks the same.</summary>
    public async Task<IReadOnlyList<DebrisEntry>> SweepDebrisAsync(CancellationToken cancellationToken)
    {
        var removed = await Store.SweepDebrisAsync(cancellationToken).ConfigureAwait(false);
        foreach (var debris in removed)
        {
            CheckpointLog.Swept(_logger, debris.Name, debris.IsUnfinishedSave ? "save" : "prune");
        }

        return removed;
    }

    /// <summary>Forgets checkpoints that were moved out of the store's listing by someone who told us.</summary>
    public void Forget(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            _known.Remove(name);
        }
    }

    private async Task<ResumeDecision> DecideAsync(ResumeFrom request, CancellationToken cancellationToken)
    {
        var examined = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return await ResumeResolver.ResolveAsync(
            examined, request, status => InspectAsync(status.DirectoryName, VerificationLevel.Full, null, cancellationToken)).ConfigureAwait(false);
    }

    private static List<CheckpointStatus> NewestFirst(IEnumerable<CheckpointStatus> statuses) =>
        [.. statuses.OrderByDescending(status => status.Step ?? -1).ThenBy(status => status.DirectoryName, StringComparer.Ordinal)];
}

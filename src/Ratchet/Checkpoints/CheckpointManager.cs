using Microsoft.Extensions.Logging;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>
/// Saves, lists, verifies and resolves the checkpoints in one <c>checkpoints/</c> directory. Within a training
/// run it is owned by <c>TrainingRun</c>, which holds the run's lock; it does not lock on its own.
/// </summary>
public sealed partial class CheckpointManager
{
    private readonly IFileSystem _fileSystem;
    private readonly ILogger _logger;
    private readonly CheckpointManagerOptions _options;
    private readonly CheckpointVerifier _verifier;
    private readonly CheckpointWriter _writer;

    // Steps committed by this instance: their checksums were computed from the bytes as written.
    private readonly HashSet<long> _committedHere = [];

    // Directories a full verification by this instance found damaged; fast checks alone cannot see altered bytes.
    private readonly HashSet<string> _knownDamaged = new(StringComparer.Ordinal);

    /// <summary>Manages the checkpoints in <paramref name="checkpointsDirectory"/> (created on the first save).</summary>
    public CheckpointManager(string checkpointsDirectory, CheckpointManagerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointsDirectory);
        Directory = Path.GetFullPath(checkpointsDirectory);
        _options = options ?? new CheckpointManagerOptions();
        _fileSystem = _options.FileSystem;
        _logger = _options.Logger;
        _verifier = new CheckpointVerifier(_fileSystem);
        _writer = new CheckpointWriter(Directory, _fileSystem, _options.Checksum, _options.TimeProvider, _logger);
    }

    /// <summary>The <c>checkpoints/</c> directory.</summary>
    public string Directory { get; }

    /// <summary>The names of the committed checkpoint directories (never pending saves or prune debris).</summary>
    public IReadOnlyList<string> ListDirectoryNames() =>
        _fileSystem.GetEntry(Directory) is null
            ? []
            : [.. _fileSystem.List(Directory).Select(entry => entry.Name).Where(CheckpointDirectories.IsCommitted).Order(StringComparer.Ordinal)];

    /// <summary>Examines every committed checkpoint at the given level, newest step first
    /// (directories whose manifest cannot be read come last).</summary>
    public async Task<IReadOnlyList<CheckpointStatus>> ListAsync(
        VerificationLevel level = VerificationLevel.Fast, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var statuses = new List<CheckpointStatus>();
        foreach (string name in ListDirectoryNames())
        {
            statuses.Add(await InspectAsync(Path.Combine(Directory, name), level, progress, cancellationToken).ConfigureAwait(false));
        }

        return [.. statuses.OrderByDescending(status => status.Step ?? -1).ThenBy(status => status.DirectoryName, StringComparer.Ordinal)];
    }

    /// <summary>Verifies one checkpoint directory.</summary>
    public async Task<CheckpointStatus> InspectAsync(
        string directoryPath, VerificationLevel level = VerificationLevel.Full, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var status = await _verifier.InspectAsync(directoryPath, level, _options.RunSignature, progress, cancellationToken).ConfigureAwait(false);
        if (level == VerificationLevel.Full)
        {
            _ = status.State == CheckpointState.Damaged ? _knownDamaged.Add(status.DirectoryName) : _knownDamaged.Remove(status.DirectoryName);
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

        return new Checkpoint(_fileSystem, status.DirectoryPath, status.Manifest);
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

    private async Task<ResumeDecision> DecideAsync(ResumeFrom request, CancellationToken cancellationToken)
    {
        var examined = await ListAsync(VerificationLevel.Fast, null, cancellationToken).ConfigureAwait(false);
        return await ResumeResolver.ResolveAsync(
            examined, request, status => InspectAsync(status.DirectoryPath, VerificationLevel.Full, null, cancellationToken)).ConfigureAwait(false);
    }
}

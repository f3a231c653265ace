namespace Ratchet.Checkpoints;

public sealed partial class CheckpointManager
{
    /// <summary>
    /// Saves a checkpoint atomically. When this returns, the checkpoint is durable; if it throws, nothing of it is
    /// committed and earlier checkpoints are untouched.
    /// </summary>
    /// <exception cref="CheckpointConflictException">The step is not newer than every committed checkpoint.</exception>
    /// <exception cref="CheckpointSaveException">Writing failed (for example a full disk); nothing was committed.</exception>
    public Task<CheckpointManifest> SaveAsync(CheckpointContent content, CancellationToken cancellationToken = default) =>
        SaveAsync(content, historyLength: 0, existing: null, cancellationToken);

    /// <param name="content">What to save.</param>
    /// <param name="historyLength">The run's history length, recorded in the manifest.</param>
    /// <param name="existing">The committed checkpoints as the caller just listed them (fast checks), or null to list them here.</param>
    /// <param name="cancellationToken">Cancels the save; nothing is committed.</param>
    internal async Task<CheckpointManifest> SaveAsync(
        CheckpointContent content, long historyLength, IReadOnlyList<CheckpointStatus>? existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Parts.Count == 0)
        {
            throw new ArgumentException($"The checkpoint for step {content.Step} has no parts; add at least one.", nameof(content));
        }

        existing ??= await ListAsync(VerificationLevel.Fast, null, cancellationToken).ConfigureAwait(false);
        EnsureNewest(content.Step, existing);
        Storage.DurableDirectory.Ensure(_fileSystem, Directory);
        var manifest = await _writer.CommitAsync(content, _options.RunSignature, historyLength, cancellationToken).ConfigureAwait(false);
        _committedHere.Add(manifest.Step);
        return manifest;
    }

    /// <summary>Progress only moves forward: a save must be newer than every checkpoint that could be resumed from
    /// (damaged ones this instance verified are not such), and never takes the place of an existing directory.</summary>
    private void EnsureNewest(long step, IReadOnlyList<CheckpointStatus> existing)
    {
        var newest = existing.Where(status => status.PassedChecks && !_knownDamaged.Contains(status.DirectoryName)).MaxBy(status => status.Step);
        if (newest is not null && newest.Step >= step)
        {
            throw new CheckpointConflictException(
                $"Cannot save step {step}: checkpoint step {newest.Step} already exists and a new checkpoint must be newer. "
                + "Save with a larger step, or resume from an earlier checkpoint explicitly (which sets the newer ones aside).");
        }

        string name = CheckpointDirectories.NameFor(step);
        if (existing.FirstOrDefault(status => status.DirectoryName == name) is { } occupant)
        {
            throw new CheckpointConflictException(
                $"Cannot save step {step}: the directory '{occupant.DirectoryPath}' already exists ({occupant.Describe()}). "
                + "Move it out of the checkpoints directory (or remove it with `ratchet prune RUN --remove-damaged`) and save again.");
        }
    }
}

namespace Ratchet.Checkpoints;

internal sealed partial class CheckpointManager
{
    /// <summary>
    /// Commits a checkpoint atomically. Only <see cref="Runs.TrainingRun"/>'s save calls this, after its space check
    /// and with the run's history length; when this returns the checkpoint is durable, and if it throws nothing of it
    /// is committed and earlier checkpoints are untouched.
    /// </summary>
    /// <param name="content">What to save.</param>
    /// <param name="historyLength">The run's history length, recorded in the manifest.</param>
    /// <param name="existing">The committed checkpoints as the caller just listed them (<see cref="ListKnownAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the save; nothing is committed.</param>
    /// <exception cref="CheckpointConflictException">The step is not newer than every committed checkpoint.</exception>
    /// <exception cref="CheckpointSaveException">Writing failed (for example a full disk); nothing was committed.</exception>
    public async Task<CheckpointManifest> SaveAsync(
        CheckpointContent content, long historyLength, IReadOnlyList<CheckpointStatus> existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Parts.Count == 0)
        {
            throw new ArgumentException($"The checkpoint for step {content.Step} has no parts; add at least one.", nameof(content));
        }

        EnsureNewest(content.Step, existing);
        var manifest = await _writer.CommitAsync(content, _options.RunSignature, historyLength, cancellationToken).ConfigureAwait(false);
        _committedHere.Add(manifest.Step);
        string name = Ratchet.Storage.RunLayout.CheckpointName(manifest.Step);
        _known.Set(new CheckpointStatus(name, Store.Describe(name), manifest, CheckpointState.Unverified, []));
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>Progress only moves forward: a save must be newer than every checkpoint that could be resumed from
    /// (damaged ones this instance verified are not such), and never takes the place of an existing checkpoint.</summary>
    private void EnsureNewest(long step, IReadOnlyList<CheckpointStatus> existing)
    {
        var newest = existing.Where(status => status.PassedChecks && !_knownDamaged.Contains(status.DirectoryName)).MaxBy(status => status.Step);
        if (newest is not null && newest.Step >= step)
        {
            throw new CheckpointConflictException(
                $"Cannot save step {step}: checkpoint step {newest.Step} already exists and a new checkpoint must be newer. "
                + "Save with a larger step, or resume from an earlier checkpoint explicitly (which sets the newer ones aside).");
        }

        string name = Ratchet.Storage.RunLayout.CheckpointName(step);
        if (existing.FirstOrDefault(status => status.DirectoryName == name) is { } occupant)
        {
            throw new CheckpointConflictException(
                $"Cannot save step {step}: the directory '{occupant.DirectoryPath}' already exists ({occupant.Describe()}). "
                + "Move it out of the checkpoints directory (or remove it with `ratchet prune RUN --remove-damaged`) and save again.");
        }
    }
}

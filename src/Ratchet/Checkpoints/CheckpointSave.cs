namespace Ratchet.Checkpoints;

/// <summary>How <see cref="Runs.TrainingRun.SaveAsync"/> returns.</summary>
public enum SaveMode
{
    /// <summary>Returns once the checkpoint is committed and durable. The default.</summary>
    Durable,

    /// <summary>Returns once the state is copied; the checkpoint is written, verified and committed in the background.
    /// It is NOT durable when the call returns: await <see cref="CheckpointSave.Committed"/> for that.</summary>
    Snapshot,
}

/// <summary>
/// A save that was accepted. After a <see cref="SaveMode.Durable"/> save it is already committed; after a
/// <see cref="SaveMode.Snapshot"/> save it is durable only once <see cref="Committed"/> completes. A failure of the
/// background write is never lost: it faults <see cref="Committed"/>, and the run also reports it on its next save or,
/// failing that, when it is disposed.
/// </summary>
public sealed class CheckpointSave
{
    internal CheckpointSave(long step, long epoch, Task<CheckpointManifest> committed)
    {
        Step = step;
        Epoch = epoch;
        Committed = committed;
    }

    /// <summary>The checkpoint's step.</summary>
    public long Step { get; }

    /// <summary>The checkpoint's epoch.</summary>
    public long Epoch { get; }

    /// <summary>Completes with the manifest once the checkpoint is committed and durable; faults if the save failed
    /// (nothing of it is then committed, and earlier checkpoints are untouched).</summary>
    public Task<CheckpointManifest> Committed { get; }

    /// <summary>What the run's retention did after this checkpoint committed; null until then, or when no retention ran.</summary>
    public PruneResult? Prune { get; internal set; }

    /// <summary>True once the checkpoint is committed and durable.</summary>
    public bool IsDurable => Committed.IsCompletedSuccessfully;
}

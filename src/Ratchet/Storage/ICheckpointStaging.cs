namespace Ratchet.Storage;

/// <summary>One save in progress (<see cref="IRunStore.StageCheckpointAsync"/>): parts are written, each made durable
/// with <see cref="IStagedPart.CompleteAsync"/>, then <see cref="CommitAsync"/> makes the checkpoint exist in one step.
/// Disposing without a commit removes what was staged (or leaves it as debris for the next sweep).</summary>
public interface ICheckpointStaging : IAsyncDisposable
{
    /// <summary>Creates a part file for streaming; fails if one of that name was already staged.</summary>
    Task<IStagedPart> CreatePartAsync(string file, CancellationToken cancellationToken);

    /// <summary>Writes the manifest and makes the checkpoint visible as <paramref name="checkpoint"/>, create-only.</summary>
    /// <exception cref="StoreConflictException">A checkpoint of that name already exists; nothing was replaced.</exception>
    /// <exception cref="StoreCommitUncertainException">The checkpoint is visible but may not survive a power loss.</exception>
    Task CommitAsync(string checkpoint, string manifestFile, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken);
}

/// <summary>A part being written into a staging area.</summary>
public interface IStagedPart : IAsyncDisposable
{
    /// <summary>Appends bytes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Makes everything written durable. A failure must not be retried and trusted.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}

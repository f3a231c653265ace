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

/// <summary>The staging area every rank of one sharded save shares (<see cref="IRunStore.StageSharedCheckpointAsync"/>).
/// Each rank streams its own parts into it and then publishes a small record saying its shard is complete; rank 0
/// reads the records, removes them and commits. Disposing removes nothing, because other ranks write into it at the same
/// time: what a failed sharded save leaves is swept by the next writer as debris.</summary>
public interface ISharedCheckpointStaging : ICheckpointStaging
{
    /// <summary>Writes a small file whole and durably: readers see all of it or nothing. Never replaces an existing one.</summary>
    Task PublishAsync(string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The files staged so far, by every rank, with their lengths.</summary>
    Task<IReadOnlyList<FileSystemEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads a published file whole; null when it is not there.</summary>
    Task<byte[]?> ReadAsync(string file, long maxLength, CancellationToken cancellationToken);

    /// <summary>Removes a published file before the commit (a record whose content went into the manifest).</summary>
    Task RemoveAsync(string file, CancellationToken cancellationToken);
}

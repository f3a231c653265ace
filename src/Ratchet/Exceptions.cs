namespace Ratchet;

/// <summary>A checkpoint failed verification: a part is missing, truncated, altered, or the manifest is damaged.</summary>
public sealed class CheckpointCorruptException(string message, Exception? innerException = null)
    : RatchetException(message, innerException);

/// <summary>A run has checkpoint directories but none of them is intact, so resuming would be a silent fresh start.</summary>
public sealed class NoUsableCheckpointException(string message, IReadOnlyList<Checkpoints.CheckpointStatus> checkpoints)
    : RatchetException(message)
{
    /// <summary>Every checkpoint that was examined, with what is wrong with it.</summary>
    public IReadOnlyList<Checkpoints.CheckpointStatus> Checkpoints { get; } = checkpoints;
}

/// <summary>A file Ratchet reads (a manifest, <c>run.json</c>, a history record) does not follow the on-disk format.</summary>
public sealed class RatchetFormatException(string message, Exception? innerException = null)
    : RatchetException(message, innerException);

/// <summary>A save could not be committed. Nothing of it was committed unless the message says otherwise;
/// earlier checkpoints are untouched.</summary>
public sealed class CheckpointSaveException(string message, Exception? innerException = null)
    : RatchetException(message, innerException);

/// <summary>The operation conflicts with the run's state: a checkpoint with that step exists, or the step would
/// not be the newest.</summary>
public sealed class CheckpointConflictException(string message)
    : RatchetException(message);

/// <summary>A requested checkpoint or run does not exist.</summary>
public sealed class CheckpointNotFoundException(string message)
    : RatchetException(message);

/// <summary>Another process holds the run open for writing (guarantee 8).</summary>
public sealed class RunLockedException(string message, Storage.RunLockHolder? holder) : RatchetException(message)
{
    /// <summary>Who holds the lock, when it could be read.</summary>
    public Storage.RunLockHolder? Holder { get; } = holder;
}

/// <summary>The given config differs from the run's saved config in keys that are part of its identity.</summary>
public sealed class ConfigMismatchException(string message, IReadOnlyList<Runs.ConfigDifference> differences) : RatchetException(message)
{
    /// <summary>Every differing key that was not allowed to change.</summary>
    public IReadOnlyList<Runs.ConfigDifference> Differences { get; } = differences;
}

/// <summary>A save was refused before writing anything because the disk cannot hold it.</summary>
public sealed class InsufficientSpaceException(string message, long requiredBytes, long availableBytes) : RatchetException(message)
{
    /// <summary>The expected size of the checkpoint.</summary>
    public long RequiredBytes { get; } = requiredBytes;

    /// <summary>The free space on the volume.</summary>
    public long AvailableBytes { get; } = availableBytes;
}

/// <summary>The run directory cannot be used (for example it is read-only or not a directory).</summary>
public sealed class RunAccessException(string message, Exception? innerException = null) : RatchetException(message, innerException);

/// <summary>The options given to open a run contradict each other; nothing was touched.</summary>
public sealed class RunOptionsException(string message) : RatchetException(message);

/// <summary>A history record would move the history backwards; nothing was appended.</summary>
public sealed class HistoryOrderException(string message) : RatchetException(message);

/// <summary>The ranks of a sharded run cannot work together: a rank did not join, the world size differs from the one
/// the checkpoint was saved with, or a sharded checkpoint is opened as an ordinary one. Nothing committed was changed.</summary>
public sealed class ShardedRunException(string message) : RatchetException(message);

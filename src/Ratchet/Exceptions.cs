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

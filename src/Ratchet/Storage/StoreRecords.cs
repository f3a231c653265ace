namespace Ratchet.Storage;

/// <summary>The files of one committed checkpoint as a store lists them.</summary>
/// <param name="Kind">What the checkpoint's entry is; anything but <see cref="FileSystemEntryKind.Directory"/> means no files
/// (a local checkpoint replaced by a link or a file); null when the checkpoint is not there.</param>
/// <param name="Files">Its files, the manifest included (empty unless <paramref name="Kind"/> is a directory).</param>
public sealed record CheckpointFiles(FileSystemEntryKind? Kind, IReadOnlyList<FileSystemEntry> Files);

/// <summary>The remains of an interrupted save or prune.</summary>
/// <param name="Name">Its name in the store.</param>
/// <param name="Bytes">The bytes it holds.</param>
/// <param name="IsUnfinishedSave">True for a save's staging area, false for a prune's leftovers.</param>
public sealed record DebrisEntry(string Name, long Bytes, bool IsUnfinishedSave);

/// <summary>Whether the run's writer lock is held, and by whom when known.</summary>
/// <param name="Held">True when a writer holds it.</param>
/// <param name="Holder">Who, when the holder recorded it.</param>
public sealed record RunLockProbe(bool Held, RunLockHolder? Holder);

/// <summary>A commit found its name taken: another writer committed that checkpoint. Nothing was replaced.</summary>
public sealed class StoreConflictException(string message) : IOException(message);

/// <summary>A commit or un-commit took effect but could not be made durable: a power loss may still undo it.</summary>
public sealed class StoreCommitUncertainException(string message, Exception? inner = null) : IOException(message, inner);

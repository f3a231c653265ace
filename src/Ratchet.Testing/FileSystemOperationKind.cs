namespace Ratchet.Testing;

/// <summary>The operations that <see cref="CrashSimulatingFileSystem"/> and
/// <see cref="FaultInjectingFileSystem"/> number and log.</summary>
public enum FileSystemOperationKind
{
    /// <summary><see cref="Ratchet.Storage.IFileSystem.CreateFile"/>.</summary>
    CreateFile,

    /// <summary><see cref="Ratchet.Storage.IFileSystem.OpenAppend"/>, numbered whether or not it creates the file.</summary>
    OpenAppend,

    /// <summary><see cref="Ratchet.Storage.IWritableFile.WriteAsync"/>.</summary>
    Write,

    /// <summary><see cref="Ratchet.Storage.IWritableFile.Sync"/> (fsync of a file).</summary>
    Sync,

    /// <summary><see cref="Ratchet.Storage.IWritableFile.Truncate"/>.</summary>
    Truncate,

    /// <summary><see cref="Ratchet.Storage.IFileSystem.CreateDirectory"/>, numbered even when the directory exists.</summary>
    CreateDirectory,

    /// <summary><see cref="Ratchet.Storage.IFileSystem.Rename"/>.</summary>
    Rename,

    /// <summary><see cref="Ratchet.Storage.IFileSystem.DeleteFile"/>.</summary>
    DeleteFile,

    /// <summary><see cref="Ratchet.Storage.IFileSystem.DeleteDirectory"/>.</summary>
    DeleteDirectory,

    /// <summary><see cref="Ratchet.Storage.IFileSystem.SyncDirectory"/> (fsync of a directory).</summary>
    SyncDirectory,

    /// <summary><see cref="Ratchet.Storage.IFileSystem.OpenRead"/>: not numbered (its index is 0), but a
    /// <see cref="FaultInjectingFileSystem"/> rule can match it to fail a read.</summary>
    OpenRead,
}

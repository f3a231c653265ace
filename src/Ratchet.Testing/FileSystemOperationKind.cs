namespace Ratchet.Testing;

/// <summary>The operations that <see cref="CrashSimulatingFileSystem"/> and
/// <see cref="FaultInjectingFileSystem"/> number and log.</summary>
public enum FileSystemOperationKind
{
    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.CreateFile"/>.</summary>
    CreateFile,

    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.OpenAppend"/>, numbered whether or not it creates the file.</summary>
    OpenAppend,

    /// <summary><see cref="Ratchet.Storage.Local.IWritableFile.WriteAsync"/>.</summary>
    Write,

    /// <summary><see cref="Ratchet.Storage.Local.IWritableFile.Sync"/> (fsync of a file).</summary>
    Sync,

    /// <summary><see cref="Ratchet.Storage.Local.IWritableFile.Truncate"/>.</summary>
    Truncate,

    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.CreateDirectory"/>, numbered even when the directory exists.</summary>
    CreateDirectory,

    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.Rename"/>.</summary>
    Rename,

    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.DeleteFile"/>.</summary>
    DeleteFile,

    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.DeleteDirectory"/>.</summary>
    DeleteDirectory,

    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.SyncDirectory"/> (fsync of a directory).</summary>
    SyncDirectory,

    /// <summary><see cref="Ratchet.Storage.Local.IFileSystem.OpenRead"/>: not numbered (its index is 0), but a
    /// <see cref="FaultInjectingFileSystem"/> rule can match it to fail a read.</summary>
    OpenRead,
}

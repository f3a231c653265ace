namespace Ratchet.Storage.Local;

/// <summary>
/// Every file-system effect of the local checkpoint store passes through this seam, so that a test can
/// substitute an implementation that simulates power loss or injects I/O errors
/// (see <c>Ratchet.Testing</c>). Paths are absolute. Durability follows POSIX: file data is durable after
/// <see cref="IWritableFile.Sync"/>; a created, renamed or deleted directory entry is durable only after
/// <see cref="SyncDirectory"/> on its parent.
/// </summary>
public interface IFileSystem
{
    /// <summary>Creates a new, empty file for writing; fails if the path already exists.</summary>
    IWritableFile CreateFile(string path);

    /// <summary>Opens a file for appending, creating it when it does not exist.</summary>
    IWritableFile OpenAppend(string path);

    /// <summary>Opens an existing file for sequential reading.</summary>
    Stream OpenRead(string path);

    /// <summary>Describes the entry at <paramref name="path"/> without following a symbolic link.</summary>
    FileSystemEntry? GetEntry(string path);

    /// <summary>Lists the entries directly inside a directory (not following symbolic links), in no particular order.</summary>
    IReadOnlyList<FileSystemEntry> List(string directory);

    /// <summary>Creates a directory; its parent must exist (missing parents are an error, because a parent created
    /// on the side would not be durable). Succeeds when it already exists.</summary>
    void CreateDirectory(string path);

    /// <summary>Atomically renames a file or directory. A directory never replaces an existing one;
    /// a file replaces an existing file only when <paramref name="replace"/> is set.</summary>
    void Rename(string source, string destination, bool replace = false);

    /// <summary>Deletes a file.</summary>
    void DeleteFile(string path);

    /// <summary>Deletes a directory and everything in it.</summary>
    void DeleteDirectory(string path);

    /// <summary>Makes the directory's entries (creations, renames, deletions inside it) durable.</summary>
    void SyncDirectory(string path);

    /// <summary>Bytes available to this process on the volume holding <paramref name="path"/>.</summary>
    long GetAvailableSpace(string path);
}

namespace Ratchet.Storage;

/// <summary>What kind of thing a directory entry is. Symbolic links are never followed.</summary>
public enum FileSystemEntryKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (never followed by Ratchet).</summary>
    SymbolicLink,

    /// <summary>Anything else: a device, a socket, a pipe.</summary>
    Other,
}

/// <summary>One entry of a directory listing.</summary>
/// <param name="Name">The entry's name inside its directory.</param>
/// <param name="Kind">What the entry is.</param>
/// <param name="Length">The length in bytes for a file; 0 otherwise.</param>
public sealed record FileSystemEntry(string Name, FileSystemEntryKind Kind, long Length);

namespace Ratchet.Storage.Local;

/// <summary>Creates a directory, and any missing parents, so that each new entry is durable: a new directory
/// survives a power loss only once its parent is fsynced, and a checkpoint committed inside a directory that
/// vanishes would vanish with it.</summary>
internal static class DurableDirectory
{
    public static void Ensure(IFileSystem fileSystem, string path)
    {
        var entry = fileSystem.GetEntry(path);
        if (entry?.Kind == FileSystemEntryKind.Directory)
        {
            return;
        }

        if (entry is not null)
        {
            throw new IOException($"'{path}' exists but is a {entry.Kind.ToString().ToLowerInvariant()}, not a directory.");
        }

        string parent = Path.GetDirectoryName(path) ?? throw new IOException($"'{path}' has no parent directory.");
        Ensure(fileSystem, parent);
        fileSystem.CreateDirectory(path);
        fileSystem.SyncDirectory(parent);
    }
}

namespace Ratchet.Storage.Local;

/// <summary>The real file system. Writes are unbuffered by .NET (callers write large chunks) and
/// <see cref="IWritableFile.Sync"/> is a real fsync.</summary>
public sealed class LocalFileSystem : IFileSystem
{
    /// <summary>The one instance; the type holds no state.</summary>
    public static LocalFileSystem Instance { get; } = new();

    private LocalFileSystem()
    {
    }

    /// <inheritdoc />
    public IWritableFile CreateFile(string path) =>
        new LocalWritableFile(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0));

    /// <inheritdoc />
    public IWritableFile OpenAppend(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0);
        stream.Seek(0, SeekOrigin.End);
        return new LocalWritableFile(stream);
    }

    /// <inheritdoc />
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);

    /// <inheritdoc />
    public FileSystemEntry? GetEntry(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is not null)
        {
            return new FileSystemEntry(file.Name, FileSystemEntryKind.SymbolicLink, 0);
        }

        if (file.Exists)
        {
            return Describe(file);
        }

        return Directory.Exists(path) ? new FileSystemEntry(file.Name, FileSystemEntryKind.Directory, 0) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<FileSystemEntry> List(string directory) =>
        [.. new DirectoryInfo(directory).EnumerateFileSystemInfos().Select(Describe)];

    /// <inheritdoc />
    public void CreateDirectory(string path)
    {
        // Only the directory itself, as the seam promises: silently created parents would not be durable.
        string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new DirectoryNotFoundException($"Could not find a part of the path '{path}'.");
        }

        Directory.CreateDirectory(path);
    }

    /// <inheritdoc />
    public void Rename(string source, string destination, bool replace = false)
    {
        if (Directory.Exists(source))
        {
            // Directory.Move refuses an existing destination, where rename(2) would replace an empty one.
            Directory.Move(source, destination);
        }
        else
        {
            File.Move(source, destination, overwrite: replace);
        }
    }

    /// <inheritdoc />
    public void DeleteFile(string path) => File.Delete(path);

    /// <inheritdoc />
    public void DeleteDirectory(string path) => Directory.Delete(path, recursive: true);

    /// <inheritdoc />
    public void SyncDirectory(string path) => DirectorySync.Sync(path);

    /// <inheritdoc />
    public long GetAvailableSpace(string path)
    {
        // statfs needs an existing path; a directory about to be created shares its parent's volume.
        string existing = Path.GetFullPath(path);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        return new DriveInfo(existing).AvailableFreeSpace;
    }

    private static FileSystemEntry Describe(FileSystemInfo info) => info switch
    {
        _ when info.LinkTarget is not null => new FileSystemEntry(info.Name, FileSystemEntryKind.SymbolicLink, 0),
        DirectoryInfo => new FileSystemEntry(info.Name, FileSystemEntryKind.Directory, 0),
        FileInfo file when IsRegular(file) => new FileSystemEntry(info.Name, FileSystemEntryKind.File, file.Length),
        _ => new FileSystemEntry(info.Name, FileSystemEntryKind.Other, 0),
    };

    private static bool IsRegular(FileInfo file) =>
        (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0;
}

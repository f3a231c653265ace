using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

public sealed partial class CrashSimulatingFileSystem
{
    /// <inheritdoc />
    public FileSystemEntry? GetEntry(string path)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            return TryLocate(path, followFinal: false) is { Node: { } node } at ? Describe(at.Name, node) : null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FileSystemEntry> List(string directory)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            if (TryLocate(directory, followFinal: true)?.Node is not SimDirectory found)
            {
                throw IoErrors.PartNotFound(directory);
            }

            return [.. found.Entries.Select(entry => Describe(entry.Key, entry.Value))];
        }
    }

    /// <inheritdoc />
    /// <remarks>Stricter than <see cref="LocalFileSystem"/>, which creates missing parents: here a missing
    /// parent throws <see cref="DirectoryNotFoundException"/>, as the seam's contract says, because each
    /// parent created on the way would need its own directory sync to be durable.</remarks>
    public void CreateDirectory(string path)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.CreateDirectory, path);
            var at = Locate(path, followFinal: false);
            switch (at.Node)
            {
                case SimDirectory:
                    return;
                case SimLink when TryLocate(path, followFinal: true)?.Node is SimDirectory:
                    return;
                case null:
                    Record(new NamespaceEffect(null, null, at.Parent, at.Name, new SimDirectory()));
                    return;
                default:
                    throw IoErrors.AlreadyExists(path);
            }
        }
    }

    /// <inheritdoc />
    public void Rename(string source, string destination, bool replace = false)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.Rename, source, destination);
            if (TryLocate(source, followFinal: false) is not { Node: { } node } from)
            {
                throw IoErrors.FileNotFound(source);
            }

            if (from.Parent is null)
            {
                throw IoErrors.Busy(source);
            }

            var to = Locate(destination, followFinal: false);
            if (node is SimDirectory)
            {
                RenameDirectory(from, to, destination);
            }
            else if (to.Path != from.Path)
            {
                RenameFile(from, to, destination, replace);
            }
        }
    }

    /// <inheritdoc />
    public void DeleteFile(string path)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.DeleteFile, path);
            var at = Locate(path, followFinal: false);
            switch (at.Node)
            {
                case null:
                    return; // File.Delete ignores a missing file
                case SimDirectory:
                    throw IoErrors.AccessDenied(path);
                default:
                    Record(new NamespaceEffect(at.Parent, at.Name, null, null, null));
                    return;
            }
        }
    }

    /// <inheritdoc />
    public void DeleteDirectory(string path)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.DeleteDirectory, path);
            var at = Locate(path, followFinal: false);
            switch (at.Node)
            {
                case SimDirectory when at.Parent is null:
                    throw IoErrors.Busy(path);
                case SimDirectory directory:
                    DeleteTree(at.Parent, at.Name, directory);
                    return;
                case SimLink when TryLocate(path, followFinal: true)?.Node is SimDirectory:
                    // Directory.Delete removes a link to a directory, not what it points to.
                    Record(new NamespaceEffect(at.Parent, at.Name, null, null, null));
                    return;
                default:
                    throw IoErrors.PartNotFound(path);
            }
        }
    }

    /// <inheritdoc />
    public void SyncDirectory(string path)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.SyncDirectory, path);
            switch (TryLocate(path, followFinal: true)?.Node)
            {
                case SimDirectory directory:
                    MakeEntriesDurable(directory);
                    return;
                case null:
                    throw IoErrors.CannotOpenDirectory(path, isFile: false);
                default:
                    throw IoErrors.CannotOpenDirectory(path, isFile: true);
            }
        }
    }

    /// <inheritdoc />
    public long GetAvailableSpace(string path)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            if (TryLocate(path, followFinal: true)?.Node is null)
            {
                throw IoErrors.DriveNotFound(path);
            }

            return Math.Max(0, _capacity - ComputeUsedBytes());
        }
    }

    private static FileSystemEntry Describe(string name, SimNode node) => node switch
    {
        SimFile file => new FileSystemEntry(name, FileSystemEntryKind.File, file.Current.Length),
        SimDirectory => new FileSystemEntry(name, FileSystemEntryKind.Directory, 0),
        _ => new FileSystemEntry(name, FileSystemEntryKind.SymbolicLink, 0),
    };

    private void RenameDirectory(Location from, Location to, string destination)
    {
        // The checks and messages of Directory.Move, which LocalFileSystem uses for directories.
        if (to.Path == from.Path)
        {
            throw IoErrors.SamePath();
        }

        if (to.Node is not null)
        {
            throw IoErrors.DestinationExists(destination);
        }

        if (to.Path.StartsWith(from.Path + "/", StringComparison.Ordinal))
        {
            throw IoErrors.InvalidArgument();
        }

        var effect = new NamespaceEffect(from.Parent, from.Name, to.Parent, to.Name, from.Node);
        Record(effect, movesDirectoryAcross: from.Parent != to.Parent);
    }

    private void RenameFile(Location from, Location to, string destination, bool replace)
    {
        // The checks and messages of File.Move.
        if (to.Node is SimDirectory)
        {
            throw replace ? IoErrors.IsDirectory(destination) : IoErrors.AlreadyExists(destination);
        }

        if (to.Node is not null && !replace)
        {
            throw IoErrors.AlreadyExists(destination);
        }

        Record(new NamespaceEffect(from.Parent, from.Name, to.Parent, to.Name, from.Node));
    }

    /// <summary>Unlinks children before parents, as the recursive delete of .NET does, one entry at a time;
    /// a crash may keep any of these unlinks and lose the others.</summary>
    private void DeleteTree(SimDirectory parent, string name, SimDirectory directory)
    {
        foreach (var (childName, child) in directory.Entries.ToList())
        {
            if (child is SimDirectory childDirectory)
            {
                DeleteTree(directory, childName, childDirectory);
            }
            else
            {
                Record(new NamespaceEffect(directory, childName, null, null, null));
            }
        }

        Record(new NamespaceEffect(parent, name, null, null, null));
    }
}

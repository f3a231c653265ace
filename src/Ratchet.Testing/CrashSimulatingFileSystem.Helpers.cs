namespace Ratchet.Testing;

// Helpers for tests. They are not numbered operations, and the reading ones still work after a crash, to
// show what the crashed machine had in memory.
public sealed partial class CrashSimulatingFileSystem
{
    /// <summary>The current bytes of a file, following symbolic links.</summary>
    public byte[] ReadAllBytes(string path)
    {
        lock (_gate)
        {
            return FileAt(path).Current.ToArray();
        }
    }

    /// <summary>Plants a file holding <paramref name="bytes"/>, replacing any file at the path, and makes it
    /// durable at once, as if written, synced and its directory synced. The parent directory must exist.</summary>
    public void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            var at = Locate(path, followFinal: true);
            if (at.Node is SimDirectory)
            {
                throw IoErrors.AccessDenied(path);
            }

            RecordDurable(new NamespaceEffect(null, null, at.Parent, at.Name, new SimFile(bytes.ToArray())));
        }
    }

    /// <summary>Plants a durable symbolic link at <paramref name="path"/> pointing to <paramref name="target"/>
    /// (absolute, or relative to the link's directory). Ratchet never creates links; tests plant them to
    /// check that the store refuses to follow one.</summary>
    public void CreateSymbolicLink(string path, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        lock (_gate)
        {
            ThrowIfHalted();
            var at = Locate(path, followFinal: false);
            if (at.Node is not null || at.Parent is null)
            {
                throw IoErrors.AlreadyExists(path);
            }

            RecordDurable(new NamespaceEffect(null, null, at.Parent, at.Name, new SimLink(target)));
        }
    }

    /// <summary>Whether anything (a file, a directory, a symbolic link) has this path, not following a final link.</summary>
    public bool Exists(string path)
    {
        lock (_gate)
        {
            return TryLocate(path, followFinal: false)?.Node is not null;
        }
    }

    /// <summary>Every path in the file system except the root, sorted ordinally; directories have no trailing slash.</summary>
    public IReadOnlyList<string> GetAllPaths()
    {
        lock (_gate)
        {
            return [.. Walk().Select(item => item.Path).Order(StringComparer.Ordinal)];
        }
    }
}

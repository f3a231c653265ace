using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

public sealed partial class CrashSimulatingFileSystem
{
    /// <inheritdoc />
    public IWritableFile CreateFile(string path)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.CreateFile, path);
            var at = Locate(path, followFinal: false);
            if (at.Node is not null || at.Parent is null)
            {
                throw IoErrors.AlreadyExists(path); // O_EXCL refuses even a dangling symbolic link
            }

            var file = new SimFile([]);
            Record(new NamespaceEffect(null, null, at.Parent, at.Name, file));
            return Open(file, path, position: 0);
        }
    }

    /// <inheritdoc />
    public IWritableFile OpenAppend(string path)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.OpenAppend, path);
            var at = Locate(path, followFinal: true);
            switch (at.Node)
            {
                case SimFile existing:
                    return Open(existing, path, existing.Current.Length);
                case null:
                    var file = new SimFile([]);
                    Record(new NamespaceEffect(null, null, at.Parent, at.Name, file));
                    return Open(file, path, position: 0);
                default:
                    throw IoErrors.AccessDenied(path);
            }
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(string path)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            return new SimulatedReadStream(this, FileAt(path));
        }
    }

    internal ValueTask Write(SimulatedWritableFile handle, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // Failures travel in the task, as they do from FileStream.WriteAsync.
        try
        {
            lock (_gate)
            {
                Begin(FileSystemOperationKind.Write, handle.Path, length: data.Length);
                if (cancellationToken.IsCancellationRequested)
                {
                    return ValueTask.FromCanceled(cancellationToken);
                }

                ThrowIfClosed(handle);
                var fits = Room(handle, data.Length);
                if (fits > 0)
                {
                    handle.File.Write(handle.Position, data.Span[..fits]);
                    handle.Position += fits;
                }

                // write(2) stores what fits and reports ENOSPC on the next call; FileStream loops, so the
                // caller sees the exception with the first part already in the file.
                return fits < data.Length ? ValueTask.FromException(IoErrors.NoSpace(handle.Path)) : ValueTask.CompletedTask;
            }
        }
        catch (Exception exception) when (exception is IOException or SimulatedCrashException or ObjectDisposedException)
        {
            return ValueTask.FromException(exception);
        }
    }

    internal void Sync(SimulatedWritableFile handle)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.Sync, handle.Path);
            ThrowIfClosed(handle);
            handle.File.Sync();
        }
    }

    internal void FailSync(SimulatedWritableFile handle)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            handle.File.FailSync();
        }
    }

    internal void Truncate(SimulatedWritableFile handle, long length)
    {
        lock (_gate)
        {
            Begin(FileSystemOperationKind.Truncate, handle.Path, length: length);
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            ThrowIfClosed(handle);
            handle.File.Truncate(length);
            handle.Position = length;
        }
    }

    internal long LengthOf(SimulatedWritableFile handle)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            ThrowIfClosed(handle);
            return handle.File.Current.Length;
        }
    }

    internal long LengthOf(SimFile file)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            return file.Current.Length;
        }
    }

    internal int ReadAt(SimFile file, long offset, Span<byte> destination)
    {
        lock (_gate)
        {
            ThrowIfHalted();
            return file.Current.ReadAt(offset, destination);
        }
    }

    internal void Close(SimulatedWritableFile handle)
    {
        // Closing never fails, not even after a crash: it runs in finally blocks while the code unwinds.
        lock (_gate)
        {
            handle.MarkClosed();
            _openFiles.Remove(handle);
        }
    }

    private SimulatedWritableFile Open(SimFile file, string path, long position)
    {
        var handle = new SimulatedWritableFile(this, file, path, position);
        _openFiles.Add(handle);
        return handle;
    }

    /// <summary>The regular file a path leads to, following links, as open(2) would.</summary>
    private SimFile FileAt(string path) => Locate(path, followFinal: true).Node switch
    {
        SimFile file => file,
        null => throw IoErrors.FileNotFound(path),
        _ => throw IoErrors.AccessDenied(path),
    };

    /// <summary>How many of <paramref name="count"/> bytes fit on the volume at the handle's position.</summary>
    private int Room(SimulatedWritableFile handle, int count)
    {
        var growth = Math.Max(0, handle.Position + count - handle.File.Current.Length);
        var available = Math.Max(0, _capacity - ComputeUsedBytes());
        return growth <= available ? count : (int)Math.Max(0, count - (growth - available));
    }

    private static void ThrowIfClosed(SimulatedWritableFile handle)
    {
        if (handle.IsClosed)
        {
            throw IoErrors.Closed();
        }
    }
}

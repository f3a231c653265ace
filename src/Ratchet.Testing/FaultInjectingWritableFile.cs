using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

/// <summary>Numbers and fails the operations on one open file for its <see cref="FaultInjectingFileSystem"/>.</summary>
internal sealed class FaultInjectingWritableFile(FaultInjectingFileSystem owner, IWritableFile inner, string path) : IWritableFile
{
    public long Length => inner.Length;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        owner.Intercept(FileSystemOperationKind.Write, path, length: data.Length) is { } fault
            ? ValueTask.FromException(fault)
            : inner.WriteAsync(data, cancellationToken);

    public void Sync()
    {
        if (owner.Intercept(FileSystemOperationKind.Sync, path) is { } fault)
        {
            (inner as SimulatedWritableFile)?.FailSync();
            throw fault;
        }

        inner.Sync();
    }

    public void Truncate(long length)
    {
        if (owner.Intercept(FileSystemOperationKind.Truncate, path, length: length) is { } fault)
        {
            throw fault;
        }

        inner.Truncate(length);
    }

    public void Dispose() => inner.Dispose();
}

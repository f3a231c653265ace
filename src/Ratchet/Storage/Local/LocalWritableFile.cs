namespace Ratchet.Storage.Local;

internal sealed class LocalWritableFile(FileStream stream) : IWritableFile
{
    public long Length => stream.Length;

    private const int OffloadThreshold = 64 << 10;

    // Large writes run on the thread pool so that the caller can checksum the same bytes meanwhile; the caller
    // keeps the buffer untouched until the returned task completes.
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        data.Length >= OffloadThreshold
            ? new ValueTask(Task.Run(() => stream.Write(data.Span), cancellationToken))
            : stream.WriteAsync(data, cancellationToken);

    public void Sync() => stream.Flush(flushToDisk: true);

    public void Truncate(long length)
    {
        stream.SetLength(length);
        stream.Seek(0, SeekOrigin.End);
    }

    public void Dispose() => stream.Dispose();
}

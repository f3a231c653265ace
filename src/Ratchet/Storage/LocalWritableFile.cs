namespace Ratchet.Storage;

internal sealed class LocalWritableFile(FileStream stream) : IWritableFile
{
    public long Length => stream.Length;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        stream.WriteAsync(data, cancellationToken);

    public void Sync() => stream.Flush(flushToDisk: true);

    public void Truncate(long length)
    {
        stream.SetLength(length);
        stream.Seek(0, SeekOrigin.End);
    }

    public void Dispose() => stream.Dispose();
}

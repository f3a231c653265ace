using System.Buffers;
using Ratchet.Checksums;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>The write-only stream a part's bytes go through: it checksums them on the way and hands the file
/// large writes (small writes are gathered first, so a JSON or tensor writer can write in small pieces).</summary>
internal sealed class PartWriteStream(IStagedPart file, IncrementalChecksum checksum) : Stream
{
    public const int BufferSize = 1 << 20;
    private const int DirectWriteThreshold = 64 << 10;

    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _buffered;

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = Buffer();
        BytesWritten += buffer.Length;
        if (buffer.Length >= DirectWriteThreshold)
        {
            // Large writes go straight to the file, and the checksum is computed while the file write runs (the
            // local file system performs it on the thread pool), so a save costs little more than the write.
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            var write = file.WriteAsync(buffer, cancellationToken);
            checksum.Append(buffer.Span);
            await write.ConfigureAwait(false);
            return;
        }

        checksum.Append(buffer.Span);
        if (_buffered + buffer.Length > pending.Length)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        buffer.CopyTo(pending.AsMemory(_buffered));
        _buffered += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // Synchronous callers (some serializers) are bridged; the file's own writes complete synchronously anyway.
    public override void Write(ReadOnlySpan<byte> buffer) =>
        WriteAsync(buffer.ToArray(), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffered > 0)
        {
            await file.WriteAsync(Buffer().AsMemory(0, _buffered), cancellationToken).ConfigureAwait(false);
            _buffered = 0;
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    private byte[] Buffer() => _buffer ?? throw new ObjectDisposedException(nameof(PartWriteStream));
}

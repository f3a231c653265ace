using Ratchet.Checksums;

namespace Ratchet.Checkpoints;

/// <summary>Reads a part and, on reaching its end, checks the bytes against the manifest; a reader that consumes
/// the whole part therefore cannot load damaged data without an exception.</summary>
internal sealed class VerifyingReadStream(Stream inner, PartEntry part, string path) : Stream
{
    private readonly IncrementalChecksum _checksum = IncrementalChecksum.Create(IncrementalChecksum.AlgorithmOf(part.Checksum)!.Value);
    private long _read;
    private bool _checked;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => part.Length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, count);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _checksum.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> buffer, int count)
    {
        _checksum.Append(buffer[..count]);
        _read += count;
        if (_read > part.Length || (count == 0 && buffer.Length > 0 && !_checked))
        {
            Check();
        }

        return count;
    }

    private void Check()
    {
        _checked = true;
        string actual = _checksum.Finish();
        if (_read != part.Length || actual != part.Checksum)
        {
            throw new CheckpointCorruptException(
                $"Part '{part.Name}' at '{path}' is damaged: read {_read} bytes with checksum {actual}, but the manifest records {part.Length} bytes with {part.Checksum}. Resume from another checkpoint.");
        }
    }
}

namespace Ratchet.Testing;

/// <summary>A file's bytes: writes past the end leave a hole of zeros, as a sparse file reads back.</summary>
internal sealed class GrowableBuffer
{
    private byte[] _bytes;

    public GrowableBuffer(ReadOnlySpan<byte> initial)
    {
        _bytes = initial.ToArray();
        Length = initial.Length;
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        var end = checked((int)(offset + data.Length));
        SetLength(Math.Max(end, Length));
        data.CopyTo(_bytes.AsSpan((int)offset));
    }

    public void SetLength(long length)
    {
        var newLength = checked((int)length);
        if (newLength > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(newLength, _bytes.Length * 2));
        }

        if (newLength < Length)
        {
            // Bytes cut off must read back as zeros if the file grows again.
            _bytes.AsSpan(newLength, Length - newLength).Clear();
        }

        Length = newLength;
    }

    public int ReadAt(long offset, Span<byte> destination)
    {
        if (offset >= Length)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, Length - offset);
        _bytes.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }

    public void Fill(int start, Func<byte>? garbage)
    {
        var tail = _bytes.AsSpan(start, Length - start);
        if (garbage is null)
        {
            tail.Clear();
            return;
        }

        for (var i = 0; i < tail.Length; i++)
        {
            tail[i] = garbage();
        }
    }

    public byte[] ToArray() => Span.ToArray();
}

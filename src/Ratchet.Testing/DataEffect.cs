namespace Ratchet.Testing;

/// <summary>One change to a file's bytes that is in the page cache but maybe not on disk.</summary>
internal sealed class DataEffect
{
    private DataEffect(long offset, byte[]? bytes, long newLength)
    {
        Offset = offset;
        Bytes = bytes;
        NewLength = newLength;
    }

    /// <summary>Where a write starts; for a truncation, the new length.</summary>
    public long Offset { get; }

    /// <summary>The bytes written; null for a truncation.</summary>
    public byte[]? Bytes { get; }

    public long NewLength { get; }

    /// <summary>Made durable by a successful fsync.</summary>
    public bool Forced { get; set; }

    /// <summary>
    /// Caught by a failed fsync. Linux then marks the pages clean whether or not they reached the disk, so
    /// no later fsync writes them again: their fate is decided only at the crash.
    /// </summary>
    public bool Orphaned { get; set; }

    public bool IsWrite => Bytes is not null;

    public static DataEffect Write(long offset, byte[] bytes) => new(offset, bytes, 0);

    public static DataEffect Truncate(long length) => new(length, null, length);

    public void ApplyTo(GrowableBuffer buffer) => ApplyPrefixTo(buffer, Bytes?.Length ?? 0);

    public void ApplyPrefixTo(GrowableBuffer buffer, int count)
    {
        if (Bytes is null)
        {
            buffer.SetLength(NewLength);
        }
        else
        {
            buffer.WriteAt(Offset, Bytes.AsSpan(0, count));
        }
    }
}

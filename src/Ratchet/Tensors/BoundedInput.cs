using System.Buffers;

namespace Ratchet.Tensors;

/// <summary>
/// Reads counted byte runs from a stream whose honesty is unknown. When the total length is not known up
/// front, a buffer grows only as bytes actually arrive, so a header that claims terabytes cannot make the
/// reader allocate them.
/// </summary>
internal sealed class BoundedInput(Stream stream, string? sourceName)
{
    private const int FirstChunk = 1 << 20;

    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Exactly <paramref name="count"/> bytes, or null when the stream ends first.</summary>
    public async Task<byte[]?> ReadAsync(long count, bool preallocate, CancellationToken cancellationToken)
    {
        if (count > Array.MaxLength)
        {
            // Tell a truncated stream (a format error) from a tensor that is merely too big for an array.
            long available = await SkipAsync(count, cancellationToken).ConfigureAwait(false);
            return available < count
                ? null
                : throw new NotSupportedException(
                    $"A tensor of {count} bytes in {sourceName ?? "the safetensors data"} is larger than one array can hold; open the file with SafetensorsFile.Open instead.");
        }

        byte[] buffer = GC.AllocateUninitializedArray<byte>((int)(preallocate ? count : Math.Min(count, FirstChunk)));
        int filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(count, Math.Min((long)buffer.Length * 2, Array.MaxLength)));
            }

            int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            filled += read;
            Position += read;
        }

        return buffer;
    }

    /// <summary>Whether the stream has anything left.</summary>
    public async Task<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        byte[] probe = new byte[1];
        return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
    }

    private async Task<long> SkipAsync(long count, CancellationToken cancellationToken)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(FirstChunk);
        try
        {
            long skipped = 0;
            while (skipped < count)
            {
                int read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count - skipped)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                skipped += read;
                Position += read;
            }

            return skipped;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}

using System.Buffers;

namespace Ratchet.Tensors;

/// <summary>
/// Writes a <see cref="TensorSet"/> in the safetensors format, byte for byte as the reference implementation
/// lays it out: an 8-byte little-endian header length, the JSON header padded with spaces to a multiple of 8,
/// then every tensor's bytes back to back.
/// </summary>
public static class SafetensorsWriter
{
    // Small pieces (the header, biases, scalars) are gathered into one buffer to save system calls; large
    // tensors go straight from the caller's memory in slices, so cancellation is noticed between slices.
    private const int GatherBufferSize = 1 << 20;
    private const int SliceSize = 16 << 20;

    /// <summary>
    /// Streams <paramref name="tensors"/> to <paramref name="destination"/> at its current position without
    /// buffering the whole file, so a checksumming stream sees every byte once, in order. The stream is flushed
    /// but not synced or closed: making the bytes durable is the caller's step.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The header would exceed the format's 100 MB limit, or a metadata entry
    /// cannot be written as UTF-8.</exception>
    public static async Task<long> WriteAsync(Stream destination, TensorSet tensors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tensors);
        cancellationToken.ThrowIfCancellationRequested();
        var (header, order) = HeaderBuilder.Build(tensors);

        byte[] gather = ArrayPool<byte>.Shared.Rent(GatherBufferSize);
        try
        {
            int gathered = 0;
            long written = 0;
            foreach (ReadOnlyMemory<byte> piece in order.Select(t => t.Data).Prepend(header))
            {
                if (piece.Length <= gather.Length - gathered)
                {
                    piece.Span.CopyTo(gather.AsSpan(gathered));
                    gathered += piece.Length;
                    continue;
                }

                await WriteAsync(destination, gather.AsMemory(0, gathered), cancellationToken).ConfigureAwait(false);
                written += gathered;
                gathered = 0;
                if (piece.Length <= gather.Length)
                {
                    piece.Span.CopyTo(gather);
                    gathered = piece.Length;
                    continue;
                }

                for (ReadOnlyMemory<byte> rest = piece; !rest.IsEmpty; rest = rest[Math.Min(SliceSize, rest.Length)..])
                {
                    await destination.WriteAsync(rest[..Math.Min(SliceSize, rest.Length)], cancellationToken).ConfigureAwait(false);
                }

                written += piece.Length;
            }

            await WriteAsync(destination, gather.AsMemory(0, gathered), cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return written + gathered;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(gather);
        }
    }

    private static ValueTask WriteAsync(Stream destination, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        bytes.IsEmpty ? ValueTask.CompletedTask : destination.WriteAsync(bytes, cancellationToken);
}

using System.Buffers;

namespace Ratchet.Checkpoints;

/// <summary>
/// Copies a stream with two buffers, reading the next block from the source while the previous one is being
/// written (and checksummed). <see cref="Stream.CopyToAsync(Stream)"/> alternates read and write on one buffer,
/// which leaves a save of a streamed part well short of the speed of a plain file write.
/// </summary>
internal static class PipelinedCopy
{
    private const int BlockSize = PartWriteStream.BufferSize;

    public static async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        byte[] current = ArrayPool<byte>.Shared.Rent(BlockSize);
        byte[] next = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            int read = await source.ReadAtLeastAsync(current.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            while (read > 0)
            {
                var write = destination.WriteAsync(current.AsMemory(0, read), cancellationToken).AsTask();
                int nextRead;
                try
                {
                    nextRead = await source.ReadAtLeastAsync(next.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // The buffer goes back to the pool below; the write still reading it must finish first.
                    await Task.WhenAny(write).ConfigureAwait(false);
                    throw;
                }

                await write.ConfigureAwait(false);
                (current, next) = (next, current);
                read = nextRead;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }
}

using System.Buffers;
using Ratchet.Checksums;

namespace Ratchet.Checkpoints;

/// <summary>Reads a stream to its end and checksums it, reading the next block while the current one is
/// checksummed, so verification runs at the speed of the read rather than read plus checksum.</summary>
internal static class ChecksumReader
{
    private const int BlockSize = 4 << 20;

    public static async Task<(string Checksum, long Length)> ComputeAsync(
        Stream source, ChecksumAlgorithm algorithm, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var checksum = IncrementalChecksum.Create(algorithm);
        byte[] current = ArrayPool<byte>.Shared.Rent(BlockSize);
        byte[] next = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            long total = 0;
            int read = await source.ReadAtLeastAsync(current.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            while (read > 0)
            {
                // A file stream on a synchronous handle may complete ReadAsync inline; the read is put on the thread
                // pool explicitly so that it overlaps the checksum of the block before it.
                byte[] target = next;
                var nextRead = Task.Run(() => source.ReadAtLeast(target.AsSpan(0, BlockSize), BlockSize, throwOnEndOfStream: false), cancellationToken);
                checksum.Append(current.AsSpan(0, read));
                total += read;
                progress?.Report(read);
                read = await nextRead.ConfigureAwait(false);
                (current, next) = (next, current);
            }

            return (checksum.Finish(), total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }
}

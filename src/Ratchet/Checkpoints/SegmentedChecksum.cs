using System.Buffers;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Ratchet.Checksums;

namespace Ratchet.Checkpoints;

/// <summary>
/// CRC-32C of a large local file computed over segments in parallel, each read positionally on its own core, and
/// joined with <see cref="Crc32C.Combine"/> into exactly the checksum a sequential pass gives. One core copying
/// from the page cache and checksumming cannot keep up with a plain sequential read; two can.
/// </summary>
internal static class SegmentedChecksum
{
    public const long MinimumLength = 64L << 20;
    private const int BlockSize = 4 << 20;

    /// <summary>The checksum and the bytes read, or null when the stream is not a large local file checksummed with
    /// CRC-32C (the caller then reads it sequentially).</summary>
    public static async Task<(string Checksum, long Length)?> TryComputeAsync(
        Stream source, ChecksumAlgorithm algorithm, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (algorithm != ChecksumAlgorithm.Crc32C || source is not FileStream { CanSeek: true } file || file.Length < MinimumLength)
        {
            return null;
        }

        long length = file.Length;
        int segments = Math.Clamp(Environment.ProcessorCount, 2, 4);
        long segmentLength = ((length / segments) + BlockSize - 1) / BlockSize * BlockSize;
        var handle = file.SafeFileHandle;
        var work = new Task<(uint Crc, long Read)>[segments];
        for (int i = 0; i < segments; i++)
        {
            long start = Math.Min(i * segmentLength, length);
            long count = i == segments - 1 ? length - start : Math.Min(segmentLength, length - start);
            work[i] = Task.Run(() => ChecksumSegment(handle, start, count, progress, cancellationToken), cancellationToken);
        }

        var results = await Task.WhenAll(work).ConfigureAwait(false);
        uint crc = results[0].Crc;
        long read = results[0].Read;
        for (int i = 1; i < results.Length; i++)
        {
            crc = Crc32C.Combine(crc, results[i].Crc, results[i].Read);
            read += results[i].Read;
        }

        return (IncrementalChecksum.Crc32CPrefix + crc.ToString("x8", CultureInfo.InvariantCulture), read);
    }

    private static (uint Crc, long Read) ChecksumSegment(SafeFileHandle handle, long start, long count, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            var crc = new Crc32C();
            long position = start;
            long end = start + count;
            while (position < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(BlockSize, end - position)), position);
                if (read == 0)
                {
                    break; // the file shrank while being read: the caller sees the short length
                }

                crc.Append(buffer.AsSpan(0, read));
                position += read;
                progress?.Report(read);
            }

            return (crc.Current, position - start);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

using System.Diagnostics;
using Ratchet.Checksums;

namespace Ratchet.Benchmarks;

/// <summary>Single-core throughput of <see cref="Crc32C"/> as checkpoint writers use it: appending 1 MiB chunks.</summary>
internal static class ChecksumBenchmark
{
    private const int ChunkSize = 1 << 20;
    private const int TimedPasses = 5;

    /// <summary>
    /// Checksums a buffer of <paramref name="megabytes"/> MiB in 1 MiB appends, once to warm up and
    /// then <see cref="TimedPasses"/> times, and returns the fastest pass in GB/s (1 GB = 10^9 bytes).
    /// The fastest pass is reported because on a shared machine the slower ones measure the neighbours.
    /// </summary>
    /// <param name="megabytes">Buffer size in MiB; large enough that it does not fit in cache.</param>
    public static double MeasureGigabytesPerSecond(int megabytes = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(megabytes, 1);

        var buffer = new byte[(long)megabytes * ChunkSize];
        new Random(12345).NextBytes(buffer);

        uint checksum = Pass(buffer);
        double bestSeconds = double.MaxValue;
        for (int pass = 0; pass < TimedPasses; pass++)
        {
            long started = Stopwatch.GetTimestamp();
            uint again = Pass(buffer);
            bestSeconds = Math.Min(bestSeconds, Stopwatch.GetElapsedTime(started).TotalSeconds);

            // Also keeps the work observable, so it cannot be optimised away.
            if (again != checksum)
            {
                throw new InvalidOperationException($"CRC-32C of the same buffer changed between passes ({checksum:X8} then {again:X8}).");
            }
        }

        return buffer.Length / bestSeconds / 1e9;
    }

    private static uint Pass(byte[] buffer)
    {
        var crc = new Crc32C();
        for (int offset = 0; offset < buffer.Length; offset += ChunkSize)
        {
            crc.Append(buffer.AsSpan(offset, Math.Min(ChunkSize, buffer.Length - offset)));
        }

        return crc.Current;
    }
}

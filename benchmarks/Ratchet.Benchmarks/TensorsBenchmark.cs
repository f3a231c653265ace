using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Ratchet.Tensors;

namespace Ratchet.Benchmarks;

/// <summary>
/// Safetensors throughput against the plainest code that moves the same bytes. Writing: the writer into a
/// FileStream plus fsync, against writing the tensors' arrays to a FileStream plus fsync. Reading: open,
/// validate and sum every tensor through the memory map, against a sequential read of the same file into a
/// 1 MiB buffer summed the same way. Runs alternate (ABBA for writes); the page cache is warm for both reads
/// (the file is read once before timing), and each write goes to a freshly created file after the previous
/// files' removal was committed. Medians are reported in MiB/s, with every run's rate alongside
/// and the ratio of the best runs, which on a shared disk is the least disturbed comparison.
/// </summary>
internal static class TensorsBenchmark
{
    private const int TensorCount = 8;
    private const int WriteRuns = 8;
    private const int ReadRuns = 5;

    public static async Task<string> RunAsync(int sizeMb, string directory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeMb, 1);
        Directory.CreateDirectory(directory);
        long bytes = (long)sizeMb << 20;
        float[][] arrays = [.. Enumerable.Range(0, TensorCount).Select(i => Filled((int)(bytes / TensorCount / sizeof(float)), i))];
        var tensors = new TensorSet();
        for (int i = 0; i < arrays.Length; i++)
        {
            tensors.Add($"layer.{i}.weight", [arrays[i].Length], arrays[i]);
        }

        string tensorsPath = Path.Combine(directory, "bench.safetensors");
        string plainPath = Path.Combine(directory, "bench.plain");
        var write = new List<double>();
        var baselineWrite = new List<double>();
        for (int run = 0; run < WriteRuns; run++)
        {
            // ABBA order: on a shared disk the second write of a pair tends to be slower, whichever it is.
            bool writerFirst = run % 4 is 0 or 3;
            for (int turn = 0; turn < 2; turn++)
            {
                if (writerFirst == (turn == 0))
                {
                    Quiesce(directory, tensorsPath);
                    write.Add(await TimeAsync(() => WriteSafetensorsAsync(tensorsPath, tensors)));
                }
                else
                {
                    Quiesce(directory, plainPath);
                    baselineWrite.Add(Time(() => WritePlain(plainPath, arrays)));
                }
            }
        }

        File.Delete(plainPath);
        long expected = ReadPlain(tensorsPath); // warms the page cache for both readers
        long expectedTensors = expected - HeaderSum(tensorsPath);
        var read = new List<double>();
        var baselineRead = new List<double>();
        for (int run = 0; run < ReadRuns; run++)
        {
            read.Add(Time(() => Check(ReadMapped(tensorsPath), expectedTensors)));
            baselineRead.Add(Time(() => Check(ReadPlain(tensorsPath), expected)));
        }

        File.Delete(tensorsPath);
        double mib = bytes / (double)(1 << 20);
        double writeRate = mib / Median(write), baselineWriteRate = mib / Median(baselineWrite);
        double readRate = mib / Median(read), baselineReadRate = mib / Median(baselineRead);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"size_mb\":{sizeMb},\"write_mb_s\":{writeRate:F0},\"baseline_write_mb_s\":{baselineWriteRate:F0},\"write_ratio\":{writeRate / baselineWriteRate:F3}," +
            $"\"read_mb_s\":{readRate:F0},\"baseline_read_mb_s\":{baselineReadRate:F0},\"read_ratio\":{readRate / baselineReadRate:F3}," +
            $"\"write_ratio_best\":{baselineWrite.Min() / write.Min():F3},\"read_ratio_best\":{baselineRead.Min() / read.Min():F3}," +
            $"\"write_runs_mb_s\":{Rates(mib, write)},\"baseline_write_runs_mb_s\":{Rates(mib, baselineWrite)}," +
            $"\"read_runs_mb_s\":{Rates(mib, read)},\"baseline_read_runs_mb_s\":{Rates(mib, baselineRead)}}}");
    }

    /// <summary>Starts each timed write from the same state: no old file, its removal committed to disk.</summary>
    private static void Quiesce(string directory, string path)
    {
        File.Delete(path);
        Ratchet.Storage.Local.DirectorySync.Sync(directory);
    }

    private static string Rates(double mib, List<double> seconds) =>
        "[" + string.Join(",", seconds.Select(s => (mib / s).ToString("F0", CultureInfo.InvariantCulture))) + "]";

    private static async Task WriteSafetensorsAsync(string path, TensorSet tensors)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        await SafetensorsWriter.WriteAsync(stream, tensors);
        stream.Flush(flushToDisk: true);
    }

    private static void WritePlain(string path, float[][] arrays)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (float[] array in arrays)
        {
            stream.Write(MemoryMarshal.AsBytes(array.AsSpan()));
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>Opens the file and sums every tensor's bytes through the memory map.</summary>
    private static long ReadMapped(string path)
    {
        using SafetensorsFile file = SafetensorsFile.Open(path);
        long sum = 0;
        foreach (TensorInfo tensor in file.Tensors)
        {
            sum += Sum(file.GetBytes(tensor.Name));
        }

        return sum;
    }

    /// <summary>Reads the whole file sequentially into a 1 MiB buffer, summing each chunk.</summary>
    private static long ReadPlain(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        byte[] buffer = new byte[1 << 20];
        long sum = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            sum += Sum(buffer.AsSpan(0, read));
        }

        return sum;
    }

    private static long HeaderSum(string path)
    {
        using SafetensorsFile file = SafetensorsFile.Open(path);
        byte[] header = new byte[file.DataStart];
        using var stream = File.OpenRead(path);
        stream.ReadExactly(header);
        return Sum(header);
    }

    private static long Sum(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<long> longs = MemoryMarshal.Cast<byte, long>(bytes);
        var vector = Vector<long>.Zero;
        int i = 0;
        for (; i <= longs.Length - Vector<long>.Count; i += Vector<long>.Count)
        {
            vector += new Vector<long>(longs[i..]);
        }

        long sum = Vector.Sum(vector);
        for (; i < longs.Length; i++)
        {
            sum += longs[i];
        }

        foreach (byte b in bytes[(longs.Length * sizeof(long))..])
        {
            sum += b;
        }

        return sum;
    }

    private static void Check(long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Checksum mismatch: {actual} != {expected}.");
        }
    }

    private static float[] Filled(int length, int seed)
    {
        float[] values = GC.AllocateUninitializedArray<float>(length);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (i * 31 + seed) % 1000 / 7f;
        }

        return values;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

using System.Diagnostics;
using System.Globalization;
using Ratchet.PyTorch;

namespace Ratchet.Benchmarks;

/// <summary>
/// Reading a PyTorch file into tensors against the plainest read of the same bytes: open the file with the safe reader
/// and copy every tensor (C order) into memory allocated once up front, as loading into a module's existing parameters
/// does, against reading the whole file sequentially into that same memory. Both write into the same preallocated array,
/// so the comparison is of reading, not of the kernel handing out fresh pages. The page cache is warm for both (the file
/// is read once before timing); rounds alternate; medians are reported in MiB/s, with every round alongside. torch.load
/// on the same file is timed by benchmarks/pytorch-read.sh.
/// </summary>
internal static class PyTorchReadBenchmark
{
    public static string Run(string path, int rounds)
    {
        long fileBytes = new FileInfo(path).Length;
        var destination = new byte[checked((int)Math.Min(fileBytes, Array.MaxLength))];
        _ = ReadSequential(path, destination); // warm the page cache and fault in the destination
        var ratchet = new List<double>();
        var baseline = new List<double>();
        long tensorBytes = 0;
        for (int round = 0; round < rounds; round++)
        {
            bool readerFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++)
            {
                if (readerFirst == (turn == 0))
                {
                    var watch = Stopwatch.StartNew();
                    tensorBytes = ReadTensors(path, destination);
                    ratchet.Add(tensorBytes / watch.Elapsed.TotalSeconds / (1 << 20));
                }
                else
                {
                    var watch = Stopwatch.StartNew();
                    long read = ReadSequential(path, destination);
                    baseline.Add(read / watch.Elapsed.TotalSeconds / (1 << 20));
                }

            }
        }

        double ratio = Median(ratchet) / Median(baseline);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"file_mb\":{fileBytes >> 20},\"tensor_mb\":{tensorBytes >> 20},\"read_ratio\":{ratio:F2},\"ratchet_mb_s\":{Median(ratchet):F0},\"sequential_mb_s\":{Median(baseline):F0},"
            + $"\"ratchet_runs_mb_s\":[{Join(ratchet)}],\"sequential_runs_mb_s\":[{Join(baseline)}]}}");
    }

    private static long ReadTensors(string path, byte[] destination)
    {
        using var file = PyTorchFile.Open(path);
        int total = 0;
        foreach (var leaf in file.Leaves())
        {
            if (leaf.Value is PyTorchTensor tensor)
            {
                file.ReadTensor(tensor, destination.AsSpan(total, checked((int)tensor.ByteLength)));
                total += (int)tensor.ByteLength;
            }
        }

        return total;
    }

    private static long ReadSequential(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        int done = 0;
        while (done < bytes.Length)
        {
            int read = stream.Read(bytes, done, Math.Min(1 << 20, bytes.Length - done));
            if (read == 0)
            {
                break;
            }

            done += read;
        }

        return done;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Join(List<double> values) => string.Join(",", values.Select(value => value.ToString("F0", CultureInfo.InvariantCulture)));
}

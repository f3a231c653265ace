using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage;

namespace Ratchet.Benchmarks;

/// <summary>
/// Saving and verifying a checkpoint against the plain baseline of the same bytes in the same process:
/// a FileStream write + fsync, and a FileStream sequential read. Rounds alternate so drift hits both sides.
/// </summary>
internal static class SaveBenchmark
{
    private const int ChunkSize = 1 << 20;

    public static async Task<string> RunAsync(int sizeMb, int parts, string directory, int rounds = 3)
    {
        Directory.CreateDirectory(directory);
        byte[] chunk = new byte[ChunkSize];
        new Random(42).NextBytes(chunk);
        long total = (long)sizeMb << 20;
        var baseline = new List<double>();
        var ratchet = new List<double>();
        var verify = new List<double>();
        var read = new List<double>();
        long growth = 0;
        for (int round = 0; round < rounds; round++)
        {
            string roundDirectory = Path.Combine(directory, $"round-{round}");
            baseline.Add(MegabytesPerSecond(total, () => PlainWrite(Path.Combine(directory, "baseline.bin"), chunk, total)));
            double seconds;
            long peakGrowth;
            var run = await TrainingRun.OpenAsync(roundDirectory, new { Benchmark = "save" }, new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null });
            await using (run)
            {
                (seconds, peakGrowth) = await MeasureSaveAsync(run, chunk, total, parts);
            }

            ratchet.Add(total / 1e6 / seconds);
            growth = Math.Max(growth, peakGrowth);
            string name = RunLayout.CheckpointName(1);
            read.Add(MegabytesPerSecond(total, () => PlainRead(Path.Combine(roundDirectory, RunLayout.CheckpointsFolder, name))));
            var reader = await RunReader.OpenAsync(roundDirectory);
            verify.Add(await MegabytesPerSecondAsync(total, async () =>
            {
                var status = await reader.VerifyAsync(name);
                if (status.State != CheckpointState.Intact)
                {
                    throw new InvalidOperationException("The benchmark checkpoint did not verify: " + status.Describe());
                }
            }));
            File.Delete(Path.Combine(directory, "baseline.bin"));
            Directory.Delete(roundDirectory, recursive: true);
        }

        double ratchetMedian = Median(ratchet);
        double baselineMedian = Median(baseline);
        double verifyMedian = Median(verify);
        double readMedian = Median(read);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["size_mb"] = sizeMb,
            ["parts"] = parts,
            ["rounds"] = rounds,
            ["ratchet_mb_s"] = Round(ratchetMedian),
            ["baseline_mb_s"] = Round(baselineMedian),
            ["ratio"] = Round(ratchetMedian / baselineMedian, 3),
            ["checksum_gb_s"] = Round(ChecksumBenchmark.MeasureGigabytesPerSecond(), 2),
            ["verify_mb_s"] = Round(verifyMedian),
            ["baseline_read_mb_s"] = Round(readMedian),
            ["verify_ratio"] = Round(verifyMedian / readMedian, 3),
            ["peak_working_set_mb"] = Round(growth / 1048576.0, 1),
            ["ratchet_runs_mb_s"] = ratchet.Select(value => Round(value)).ToArray(),
            ["baseline_runs_mb_s"] = baseline.Select(value => Round(value)).ToArray(),
            ["peak_working_set_note"] = "growth of the process working set while saving, above its level before the save",
        });
    }

    private static async Task<(double Seconds, long PeakGrowth)> MeasureSaveAsync(TrainingRun run, byte[] chunk, long total, int parts)
    {
        var content = new CheckpointContent(1);
        long perPart = total / parts;
        for (int i = 0; i < parts; i++)
        {
            long length = i == parts - 1 ? total - (perPart * (parts - 1)) : perPart;
            content.AddStream($"part{i}", new RepeatingStream(chunk, length));
        }

        GC.Collect();
        long before = Environment.WorkingSet;
        long peak = before;
        using var sampling = new CancellationTokenSource();
        // A light sampler (one read of the process's memory figure every 20 ms), so that measuring does not take
        // a core away from the save it measures.
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(20);
            }
        });
        var clock = Stopwatch.StartNew();
        await run.SaveAsync(content);
        double seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return (seconds, peak - before);
    }

    private static void PlainWrite(string path, byte[] chunk, long total)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long written = 0; written < total; written += chunk.Length)
        {
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, total - written));
        }

        stream.Flush(flushToDisk: true);
    }

    private static void PlainRead(string checkpointDirectory)
    {
        byte[] buffer = new byte[4 << 20];
        foreach (string file in Directory.GetFiles(checkpointDirectory))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            while (stream.Read(buffer) > 0)
            {
            }
        }
    }

    private static double MegabytesPerSecond(long bytes, Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> MegabytesPerSecondAsync(long bytes, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double Round(double value, int digits = 1) => Math.Round(value, digits);
}

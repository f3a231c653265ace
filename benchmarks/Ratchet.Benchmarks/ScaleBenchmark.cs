using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Benchmarks;

/// <summary>
/// Whether a save costs the same in a run with 10 or 10,000 checkpoints: each run is first filled with tiny checkpoints
/// through the public API, then the same saves (keep-all retention, so the retention pass runs and keeps every
/// checkpoint) are timed in each; also what reading the run (<c>status</c>'s resume decision and <c>list</c>'s fast
/// listing) costs at each size.
/// </summary>
internal static class ScaleBenchmark
{
    private const int TimedSaves = 20;

    public static async Task<string> RunAsync(IReadOnlyList<int> sizes, int stateKb, string directory)
    {
        Directory.CreateDirectory(directory);
        byte[] state = new byte[stateKb << 10];
        new Random(7).NextBytes(state);
        var rows = new List<Dictionary<string, object>>();
        foreach (int size in sizes)
        {
            string run = Path.Combine(directory, $"scale-{size}");
            if (Directory.Exists(run))
            {
                Directory.Delete(run, recursive: true);
            }

            var perSave = await TimeSavesAsync(run, size, state);
            var reader = await RunReader.OpenAsync(run);
            double list = Seconds(() => reader.ListAsync(VerificationLevel.Fast));
            double resolve = Seconds(() => reader.ResolveAsync(ResumeFrom.Newest));
            rows.Add(new Dictionary<string, object>
            {
                ["checkpoints"] = size,
                ["save_ms_median"] = Round(Median(perSave) * 1000),
                ["save_ms_runs"] = perSave.Select(seconds => Round(seconds * 1000)).ToArray(),
                ["list_s"] = Round(list, 3),
                ["status_resolve_s"] = Round(resolve, 3),
            });
            Directory.Delete(run, recursive: true);
        }

        double smallest = (double)rows[0]["save_ms_median"];
        double largest = (double)rows[^1]["save_ms_median"];
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["state_kb"] = stateKb,
            ["timed_saves"] = TimedSaves,
            ["runs"] = rows,
            ["save_ratio_largest_to_smallest"] = Round(largest / smallest, 3),
        });
    }

    private static async Task<List<double>> TimeSavesAsync(string run, int existing, byte[] state)
    {
        var options = new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null, Retention = RetentionPolicy.KeepAll() };
        var times = new List<double>();
        await using var training = await TrainingRun.OpenAsync(run, new { Benchmark = "scale" }, options);
        for (int step = 1; step <= existing; step++)
        {
            await training.SaveAsync(new CheckpointContent(step, step).AddBytes("state", new byte[] { (byte)step }).SetMetric("loss", 1.0 / step));
        }

        for (int step = existing + 1; step <= existing + TimedSaves; step++)
        {
            var clock = Stopwatch.StartNew();
            await training.SaveAsync(new CheckpointContent(step, step).AddBytes("state", state).SetMetric("loss", 1.0 / step));
            times.Add(clock.Elapsed.TotalSeconds);
        }

        return times;
    }

    private static double Seconds<T>(Func<Task<T>> action)
    {
        var clock = Stopwatch.StartNew();
        _ = action().GetAwaiter().GetResult();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Round(double value, int digits = 2) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

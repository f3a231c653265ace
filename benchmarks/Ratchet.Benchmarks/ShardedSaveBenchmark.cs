using System.Diagnostics;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Benchmarks;

/// <summary>
/// What sharding costs: the same bytes saved by one process as <c>ranks</c> parts, and by <c>ranks</c> ranks of a
/// <see cref="ShardedRun"/> with one part each, alternating in the same process on the same disk. The sharded time runs
/// until every rank's save returned (each rank waits for rank 0's commit), so it includes the gathering and the polling.
/// </summary>
internal static class ShardedSaveBenchmark
{
    public static async Task<string> RunAsync(int sizeMb, int ranks, int rounds, string directory)
    {
        Directory.CreateDirectory(directory);
        string single = Fresh(Path.Combine(directory, "single"));
        string sharded = Fresh(Path.Combine(directory, "sharded"));
        int shardBytes = (int)((long)sizeMb << 20) / ranks;
        var shards = Enumerable.Range(0, ranks).Select(rank =>
        {
            byte[] bytes = GC.AllocateUninitializedArray<byte>(shardBytes);
            new Random(rank).NextBytes(bytes);
            return bytes;
        }).ToArray();

        var retention = RetentionPolicy.KeepLast(1);
        var config = new { Benchmark = "sharded-save" };
        var singleTimes = new List<double>();
        var shardedTimes = new List<double>();
        await using var one = await TrainingRun.OpenAsync(single, config, new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null, Retention = retention });
        var group = await Task.WhenAll(Enumerable.Range(0, ranks).Select(rank => Task.Run(() => ShardedRun.OpenAsync(sharded, config, new ShardedRunOptions
        {
            Rank = rank,
            WorldSize = ranks,
            Run = new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null, Retention = retention },
        }))));
        try
        {
            for (long step = 1; step <= rounds; step++)
            {
                var clock = Stopwatch.StartNew();
                var content = new CheckpointContent(step);
                for (int rank = 0; rank < ranks; rank++)
                {
                    content.AddBytes($"shard{rank}", shards[rank]);
                }

                await one.SaveAsync(content);
                singleTimes.Add(clock.Elapsed.TotalSeconds);

                clock.Restart();
                await Task.WhenAll(group.Select(rank => Task.Run(() => rank.SaveAsync(new CheckpointContent(step).AddBytes("shard", shards[rank.Rank])))));
                shardedTimes.Add(clock.Elapsed.TotalSeconds);
            }
        }
        finally
        {
            foreach (var rank in group)
            {
                await rank.DisposeAsync();
            }
        }

        Directory.Delete(single, recursive: true);
        Directory.Delete(sharded, recursive: true);
        double singleMedian = Median(singleTimes);
        double shardedMedian = Median(shardedTimes);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["size_mb"] = sizeMb,
            ["ranks"] = ranks,
            ["rounds"] = rounds,
            ["single_process_s"] = Round(singleMedian, 4),
            ["sharded_s"] = Round(shardedMedian, 4),
            ["ratio"] = Round(singleMedian / shardedMedian, 3),
            ["single_runs_s"] = singleTimes.Select(value => Round(value, 4)).ToArray(),
            ["sharded_runs_s"] = shardedTimes.Select(value => Round(value, 4)).ToArray(),
        });
    }

    private static string Fresh(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return path;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

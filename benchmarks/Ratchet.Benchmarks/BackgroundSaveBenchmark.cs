using System.Diagnostics;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Benchmarks;

/// <summary>
/// What a save costs the training loop: the time SaveAsync takes to return, for a durable save and for a snapshot save
/// of the same state, against a plain copy of the same bytes into memory that was already touched (measured in the same
/// process, alternating); and how much the process grows while a snapshot save is in flight.
/// </summary>
internal static class BackgroundSaveBenchmark
{
    public static async Task<string> RunAsync(int sizeMb, int rounds, string directory)
    {
        Directory.CreateDirectory(directory);
        string run = Path.Combine(directory, "background-save");
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }

        byte[] state = GC.AllocateUninitializedArray<byte>(sizeMb << 20);
        new Random(11).NextBytes(state);
        byte[] copy = GC.AllocateUninitializedArray<byte>(state.Length);
        copy.AsSpan().Fill(1);
        var memcpy = new List<double>();
        var durable = new List<double>();
        var stall = new List<double>();
        var commit = new List<double>();
        long step = 0;
        GC.Collect();
        long baseline = Environment.WorkingSet;
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(10);
            }
        });

        var options = new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null, Retention = RetentionPolicy.KeepLast(1) };
        await using (var training = await TrainingRun.OpenAsync(run, new { Benchmark = "background-save" }, options))
        {
            for (int round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                state.AsSpan().CopyTo(copy);
                memcpy.Add(clock.Elapsed.TotalSeconds);

                clock.Restart();
                await training.SaveAsync(new CheckpointContent(++step).AddBytes("state", state), SaveMode.Durable);
                durable.Add(clock.Elapsed.TotalSeconds);

                clock.Restart();
                var save = await training.SaveAsync(new CheckpointContent(++step).AddBytes("state", state), SaveMode.Snapshot);
                stall.Add(clock.Elapsed.TotalSeconds);
                await save.Committed;
                commit.Add(clock.Elapsed.TotalSeconds);
            }
        }

        await sampling.CancelAsync();
        await sampler;
        Directory.Delete(run, recursive: true);

        // The first snapshot also allocates (and faults in) the pool it then reuses; steady state is every later round.
        double Steady(List<double> values) => Median(values.Count > 1 ? values.Skip(1).ToList() : values);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["size_mb"] = sizeMb,
            ["rounds"] = rounds,
            ["memcpy_s"] = Round(Steady(memcpy), 4),
            ["durable_save_s"] = Round(Steady(durable), 4),
            ["snapshot_stall_s"] = Round(Steady(stall), 4),
            ["snapshot_commit_s"] = Round(Steady(commit), 4),
            ["stall_vs_durable"] = Round(Steady(stall) / Steady(durable), 3),
            ["stall_vs_memcpy"] = Round(Steady(stall) / Steady(memcpy), 3),
            ["first_stall_s"] = Round(stall[0], 4),
            ["stall_runs_s"] = stall.Select(value => Round(value, 4)).ToArray(),
            ["durable_runs_s"] = durable.Select(value => Round(value, 4)).ToArray(),
            ["memcpy_runs_s"] = memcpy.Select(value => Round(value, 4)).ToArray(),
            ["peak_growth_mb"] = Round((peak - baseline) / 1048576.0, 1),
            ["peak_growth_note"] = "working-set growth above the process with the state and the memcpy target already allocated",
        });
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Round(double value, int digits = 2) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

using System.Diagnostics;
using System.Globalization;
using Ratchet.Retention;

namespace Ratchet.Benchmarks;

/// <summary>
/// Times planning retention over a long run's worth of checkpoint manifests, next to the time to merely
/// sort the same list by step: the planner is O(n log n), so a small multiple of a sort is the target.
/// </summary>
internal static class RetentionBenchmark
{
    private const int Runs = 21;

    // Long enough for tiered compilation to replace the first, unoptimised code of the planner (the sort
    // baseline is precompiled, so a short warm-up would flatter it).
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    /// <summary>Returns one line of JSON: candidates, plan_ms and baseline_sort_ms (medians), and their ratio.</summary>
    public static string Run(int candidates = 10000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        var input = Candidates(candidates);
        var now = input.Max(c => c.CreatedAt);
        var policy = RetentionPolicy.AnyOf(
            RetentionPolicy.KeepLast(3),
            RetentionPolicy.KeepEverySteps(50_000),
            RetentionPolicy.KeepEveryEpochs(10),
            RetentionPolicy.KeepBest("val_loss", MetricGoal.Minimize, 3),
            RetentionPolicy.KeepBest("accuracy", MetricGoal.Maximize, 2),
            RetentionPolicy.KeepWithin(TimeSpan.FromDays(1)),
            RetentionPolicy.KeepOnePer(TimeSpan.FromHours(6)));

        var planMs = Median(() => RetentionPlanner.Plan(input, policy, now).Decisions.Count);
        var sortMs = Median(() =>
        {
            var copy = input.ToArray();
            Array.Sort(copy, static (a, b) => a.Step.CompareTo(b.Step));
            return copy.Length;
        });

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"benchmark\":\"retention_plan\",\"candidates\":{candidates},\"plan_ms\":{planMs:0.000},\"baseline_sort_ms\":{sortMs:0.000},\"ratio\":{planMs / sortMs:0.0}}}");
    }

    /// <summary>A run saving every 100 steps, 10 minutes apart, 50 saves per epoch; listed in no particular order.</summary>
    private static RetentionCandidate[] Candidates(int count)
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var candidates = new RetentionCandidate[count];
        for (var i = 0; i < count; i++)
        {
            var metrics = new Dictionary<string, double>
            {
                ["val_loss"] = (2.0 / (1 + (i / 500.0))) + (random.NextDouble() * 0.1),
                ["accuracy"] = 1 - (1.0 / (2 + (i / 300.0))) + (random.NextDouble() * 0.02),
            };
            candidates[i] = new RetentionCandidate(
                (i + 1) * 100L, i / 50, start.AddMinutes(10.0 * i), metrics, IsIntact: random.Next(100) != 0, IsPinned: i % 1000 == 999);
        }

        random.Shuffle(candidates);
        return candidates;
    }

    private static double Median(Func<int> action)
    {
        var sink = 0;
        var warming = Stopwatch.GetTimestamp();
        for (var i = 0; i < 50 || Stopwatch.GetElapsedTime(warming) < WarmUp; i++)
        {
            sink += action();
        }

        var times = new double[Runs];
        for (var i = 0; i < Runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            sink += action();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        GC.KeepAlive(sink);
        Array.Sort(times);
        return times[Runs / 2];
    }
}

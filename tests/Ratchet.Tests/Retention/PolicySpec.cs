using Ratchet.Retention;

namespace Ratchet.Tests.Retention;

/// <summary>
/// A retention policy as the property tests describe it: it builds the real policy, and says what the policy
/// should keep through a deliberately naive oracle that shares no code with the library.
/// </summary>
internal abstract record PolicySpec
{
    public abstract RetentionPolicy Build();

    /// <summary>The steps this rule keeps among <paramref name="intact"/> (in any order), as the issue defines them.</summary>
    public abstract IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now);

    public sealed record Last(int N) : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.KeepLast(N);

        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            intact.Select(c => c.Step).OrderDescending().Take(N);
    }

    public sealed record EverySteps(long N) : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.KeepEverySteps(N);

        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            intact.Where(c => c.Step % N == 0).Select(c => c.Step);
    }

    public sealed record EveryEpochs(long N) : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.KeepEveryEpochs(N);

        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            intact.Where(c => c.Epoch % N == 0).GroupBy(c => c.Epoch).Select(g => g.Max(c => c.Step));
    }

    public sealed record Best(string Metric, MetricGoal Goal, int K) : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.KeepBest(Metric, Goal, K);

        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            Ranking(intact).Take(K);

        /// <summary>Best first; equal values rank the newer checkpoint first.</summary>
        public IEnumerable<long> Ranking(IReadOnlyList<RetentionCandidate> intact)
        {
            var ranked = intact
                .Where(c => c.Metrics.TryGetValue(Metric, out var v) && !double.IsNaN(v))
                .Select(c => (c.Step, Value: c.Metrics[Metric]));
            var ordered = Goal == MetricGoal.Minimize
                ? ranked.OrderBy(r => r.Value)
                : ranked.OrderByDescending(r => r.Value);
            return ordered.ThenByDescending(r => r.Step).Select(r => r.Step);
        }
    }

    public sealed record Within(TimeSpan Window) : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.KeepWithin(Window);

        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            intact.Where(c => now - c.CreatedAt <= Window).Select(c => c.Step);
    }

    public sealed record OnePer(TimeSpan Period) : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.KeepOnePer(Period);

        // Periods counted from 1970-01-01 UTC, computed in floating-point seconds on purpose (not ticks as
        // the library does); the test times are whole minutes, far from rounding trouble.
        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            intact
                .GroupBy(c => Math.Floor((c.CreatedAt.UtcDateTime - DateTime.UnixEpoch).TotalSeconds / Period.TotalSeconds))
                .Select(g => g.Max(c => c.Step));
    }

    public sealed record All : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.KeepAll();

        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            intact.Select(c => c.Step);
    }

    public sealed record AnyOf(PolicySpec[] Parts) : PolicySpec
    {
        public override RetentionPolicy Build() => RetentionPolicy.AnyOf(Parts.Select(p => p.Build()).ToArray());

        public override IEnumerable<long> Oracle(IReadOnlyList<RetentionCandidate> intact, DateTimeOffset now) =>
            Parts.SelectMany(p => p.Oracle(intact, now));

        public override string ToString() => $"AnyOf({string.Join(", ", Parts.Select(p => p.ToString()))})";
    }

    /// <summary>Every keep-best rule inside this spec, however deeply nested.</summary>
    public IEnumerable<Best> BestRules() => this switch
    {
        Best best => [best],
        AnyOf any => any.Parts.SelectMany(p => p.BestRules()),
        _ => [],
    };
}

namespace Ratchet.Retention;

public abstract partial class RetentionPolicy
{
    /// <summary>Keeps the <paramref name="n"/> intact checkpoints with the highest steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static RetentionPolicy KeepLast(int n) =>
        n >= 1 ? new KeepLastRule(n) : throw AtLeastOne(nameof(n), n, "KeepLast");

    /// <summary>Keeps every intact checkpoint whose step is a multiple of <paramref name="n"/> (step 0 included).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static RetentionPolicy KeepEverySteps(long n) =>
        n >= 1 ? new KeepEveryStepsRule(n) : throw AtLeastOne(nameof(n), n, "KeepEverySteps");

    /// <summary>
    /// Keeps, for every epoch that is a multiple of <paramref name="n"/>, the intact checkpoint with the
    /// highest step recorded in that epoch: with several saves per epoch, the one closest to the epoch's end.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static RetentionPolicy KeepEveryEpochs(long n) =>
        n >= 1 ? new KeepEveryEpochsRule(n) : throw AtLeastOne(nameof(n), n, "KeepEveryEpochs");

    /// <summary>
    /// Keeps the <paramref name="k"/> intact checkpoints with the best value of <paramref name="metric"/>;
    /// on equal values the higher step wins. Checkpoints without the metric (or with NaN) are not ranked.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="metric"/> is empty or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="goal"/> is not defined.</exception>
    public static RetentionPolicy KeepBest(string metric, MetricGoal goal, int k)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (!Enum.IsDefined(goal))
        {
            throw new ArgumentOutOfRangeException(nameof(goal), goal, "KeepBest needs MetricGoal.Minimize or MetricGoal.Maximize.");
        }

        return k >= 1 ? new KeepBestRule(metric, goal, k) : throw AtLeastOne(nameof(k), k, "KeepBest");
    }

    /// <summary>Keeps every intact checkpoint created no longer than <paramref name="window"/> before the plan's time.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is zero or negative.</exception>
    public static RetentionPolicy KeepWithin(TimeSpan window) =>
        window > TimeSpan.Zero ? new KeepWithinRule(window) : throw Positive(nameof(window), window, "KeepWithin");

    /// <summary>
    /// Keeps one intact checkpoint per <paramref name="period"/> of creation time: the one with the highest
    /// step in each period. Periods are aligned to the Unix epoch in UTC (one per day starts at midnight
    /// UTC, one per 6 hours at 00:00, 06:00, 12:00 and 18:00 UTC), so they do not shift when old
    /// checkpoints are pruned or the clock's offset changes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is zero or negative.</exception>
    public static RetentionPolicy KeepOnePer(TimeSpan period) =>
        period > TimeSpan.Zero ? new KeepOnePerRule(period) : throw Positive(nameof(period), period, "KeepOnePer");

    /// <summary>Keeps every intact checkpoint (pruning is effectively off).</summary>
    public static RetentionPolicy KeepAll() => KeepAllRule.Instance;

    /// <summary>Keeps a checkpoint when any of <paramref name="policies"/> keeps it.</summary>
    /// <exception cref="ArgumentException">No policy is given, or one of them is null.</exception>
    public static RetentionPolicy AnyOf(params RetentionPolicy[] policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (policies.Length == 0)
        {
            throw new ArgumentException("AnyOf needs at least one policy.", nameof(policies));
        }

        var index = Array.IndexOf(policies, null);
        if (index >= 0)
        {
            throw new ArgumentException($"AnyOf was given null as policy #{index}.", nameof(policies));
        }

        return new AnyOfRule(policies);
    }

    private static ArgumentOutOfRangeException AtLeastOne(string name, long value, string rule) =>
        new(name, value, $"{rule} needs {name} of at least 1; it was {value}.");

    private static ArgumentOutOfRangeException Positive(string name, TimeSpan value, string rule) =>
        new(name, value, $"{rule} needs a positive {name}; it was {value}.");
}

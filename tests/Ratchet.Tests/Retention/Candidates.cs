using Ratchet.Retention;

namespace Ratchet.Tests.Retention;

/// <summary>Builds retention candidates for tests with readable defaults.</summary>
internal static class Candidates
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static RetentionCandidate At(
        long step,
        long epoch = 0,
        DateTimeOffset? createdAt = null,
        double? loss = null,
        bool intact = true,
        bool pinned = false)
    {
        var metrics = loss is { } value ? new Dictionary<string, double> { ["loss"] = value } : [];
        return new RetentionCandidate(step, epoch, createdAt ?? T0.AddMinutes(step), metrics, intact, pinned);
    }

    public static long[] Steps(this IEnumerable<RetentionDecision> decisions) =>
        decisions.Select(decision => decision.Step).ToArray();

    public static RetentionDecision For(this RetentionPlan plan, long step) =>
        plan.Decisions.Single(decision => decision.Step == step);
}

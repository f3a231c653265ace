namespace Ratchet.Retention;

/// <summary>
/// What retention would do to a set of checkpoints. Computing it changes nothing, so it doubles as a dry
/// run; applying it is the caller's separate, crash-safe step.
/// </summary>
/// <param name="Decisions">One decision per candidate, sorted by step.</param>
public sealed record RetentionPlan(IReadOnlyList<RetentionDecision> Decisions)
{
    /// <summary>The checkpoints that stay, sorted by step.</summary>
    public IReadOnlyList<RetentionDecision> Kept => Select(RetentionAction.Keep);

    /// <summary>The checkpoints that may be pruned, sorted by step.</summary>
    public IReadOnlyList<RetentionDecision> Dropped => Select(RetentionAction.Drop);

    /// <summary>The damaged checkpoints, left in place and reported, sorted by step.</summary>
    public IReadOnlyList<RetentionDecision> Reported => Select(RetentionAction.ReportDamaged);

    private RetentionDecision[] Select(RetentionAction action) =>
        Decisions.Where(decision => decision.Action == action).ToArray();
}

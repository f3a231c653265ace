namespace Ratchet.Retention;

/// <summary>
/// Decides which checkpoints a policy keeps. A pure function over manifests: it reads no files and
/// changes nothing, so the same call serves as a dry run and as the input of the pruning step.
/// </summary>
public static class RetentionPlanner
{
    /// <summary>
    /// Plans retention for <paramref name="candidates"/> under <paramref name="policy"/>, in O(n log n).
    /// Whatever the policy, the newest intact checkpoint and every pinned one are kept, and a damaged
    /// checkpoint is never kept (it cannot be resumed from) nor dropped (it is reported, for the user to
    /// inspect and remove explicitly). Rules see only intact candidates, so a damaged checkpoint never takes
    /// a rule's slot. With no intact checkpoint at all, nothing is dropped.
    /// </summary>
    /// <param name="candidates">Every committed checkpoint of the run, in any order; steps must be distinct.</param>
    /// <param name="policy">The rules that say what else to keep.</param>
    /// <param name="now">The time time-based rules measure from (from a <see cref="TimeProvider"/>).</param>
    /// <returns>One decision per candidate, sorted by step.</returns>
    /// <exception cref="ArgumentException">A candidate or its metrics is null, or two candidates share a step.</exception>
    public static RetentionPlan Plan(IReadOnlyList<RetentionCandidate> candidates, RetentionPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(policy);

        var sorted = SortedByStep(candidates);
        var intact = Array.FindAll(sorted, candidate => candidate.IsIntact);
        var context = new RetentionContext(intact, now);
        if (intact.Length > 0)
        {
            // Invariants first, so that they lead each kept checkpoint's reasons.
            context.Keep(intact.Length - 1, "newest intact");
            for (var i = 0; i < intact.Length; i++)
            {
                if (intact[i].IsPinned)
                {
                    context.Keep(i, "pinned");
                }
            }

            policy.Apply(context);
        }

        var decisions = new RetentionDecision[sorted.Length];
        var intactIndex = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            decisions[i] = sorted[i].IsIntact
                ? Decide(sorted[i], context, intactIndex++)
                : new RetentionDecision(sorted[i].Step, RetentionAction.ReportDamaged, DamagedReasons(sorted[i]));
        }

        return new RetentionPlan(decisions);
    }

    private static RetentionDecision Decide(RetentionCandidate candidate, RetentionContext context, int index)
    {
        if (context.IsKept(index))
        {
            return new RetentionDecision(candidate.Step, RetentionAction.Keep, context.ReasonsFor(index));
        }

        string[] reasons = ["not kept by any rule", .. context.NotesFor(index)];
        return new RetentionDecision(candidate.Step, RetentionAction.Drop, reasons);
    }

    private static string[] DamagedReasons(RetentionCandidate candidate) => candidate.IsPinned
        ? ["damaged: not a resume point; left in place until removed explicitly", "pinned"]
        : ["damaged: not a resume point; left in place until removed explicitly"];

    private static RetentionCandidate[] SortedByStep(IReadOnlyList<RetentionCandidate> candidates)
    {
        var sorted = new RetentionCandidate[candidates.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            var candidate = candidates[i]
                ?? throw new ArgumentException($"Candidate #{i} is null.", nameof(candidates));
            if (candidate.Metrics is null)
            {
                throw new ArgumentException($"The candidate at step {candidate.Step} has null metrics; pass an empty dictionary instead.", nameof(candidates));
            }

            sorted[i] = candidate;
        }

        Array.Sort(sorted, static (a, b) => a.Step.CompareTo(b.Step));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Step == sorted[i - 1].Step)
            {
                throw new ArgumentException(
                    $"Two candidates have step {sorted[i].Step}; a step identifies one checkpoint, so each may appear only once.",
                    nameof(candidates));
            }
        }

        return sorted;
    }
}

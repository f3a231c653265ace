using Ratchet.Retention;

namespace Ratchet.Checkpoints;

/// <summary>What a prune planned and did. Pruning is best-effort: failures are reported here, never thrown.</summary>
/// <param name="Plan">The plan: every checkpoint with its decision and reasons.</param>
/// <param name="Planned">The checkpoint each step of the plan refers to, as the prune judged it (the newest verified
/// in full until one was intact, the rest by the fast checks).</param>
/// <param name="Targeted">The directories this prune removes or, on a dry run, would remove.</param>
/// <param name="Removed">The directories removed (none on a dry run).</param>
/// <param name="FreedBytes">The bytes of the removed checkpoints (or, on a dry run, of those that would be).</param>
/// <param name="Failures">Each removal that failed, as one sentence.</param>
/// <param name="Unplannable">Checkpoint directories retention cannot reason about (no trustworthy step); left alone unless removed explicitly.</param>
public sealed record PruneResult(
    RetentionPlan Plan,
    IReadOnlyDictionary<long, CheckpointStatus> Planned,
    IReadOnlyList<string> Targeted,
    IReadOnlyList<string> Removed,
    long FreedBytes,
    IReadOnlyList<string> Failures,
    IReadOnlyList<CheckpointStatus> Unplannable)
{
    /// <summary>True when nothing failed.</summary>
    public bool Succeeded => Failures.Count == 0;
}

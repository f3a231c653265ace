namespace Ratchet.Retention;

/// <summary>
/// What retention needs to know about one committed checkpoint: the facts recorded in its manifest plus
/// whether it verified and whether the user pinned it. Retention never reads a checkpoint itself.
/// </summary>
/// <param name="Step">The global step: the checkpoint's identity and the order "newest" refers to.</param>
/// <param name="Epoch">The epoch recorded at save time.</param>
/// <param name="CreatedAt">When the checkpoint was committed.</param>
/// <param name="Metrics">The metrics recorded at save time, by name (for keep-best rules).</param>
/// <param name="IsIntact">Whether the checkpoint verified. A damaged one is never kept as a resume point nor pruned automatically.</param>
/// <param name="IsPinned">Whether the user pinned it. A pinned checkpoint is never pruned.</param>
public sealed record RetentionCandidate(
    long Step,
    long Epoch,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, double> Metrics,
    bool IsIntact,
    bool IsPinned);

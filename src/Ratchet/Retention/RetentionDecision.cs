namespace Ratchet.Retention;

/// <summary>The plan's decision about one checkpoint, with the reasons a user sees in a dry run.</summary>
/// <param name="Step">The checkpoint's step.</param>
/// <param name="Action">What the plan does with it.</param>
/// <param name="Reasons">
/// Why, in short phrases: for a kept checkpoint every invariant and rule that keeps it (such as
/// "newest intact" or "keep-last 3"); for a dropped one that no rule keeps it, plus notes such as a
/// missing metric; for a damaged one that it is damaged and left in place.
/// </param>
public sealed record RetentionDecision(long Step, RetentionAction Action, IReadOnlyList<string> Reasons);

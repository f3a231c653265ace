namespace Ratchet.Retention;

/// <summary>
/// A retention rule: which intact checkpoints to keep. Rules are small objects created through the static
/// factories and combined with <see cref="AnyOf"/>; a checkpoint is kept when any rule keeps it.
/// </summary>
/// <remarks>
/// Rules only ever add to what is kept. The invariants (the newest intact checkpoint, pinned checkpoints,
/// damaged checkpoints left in place) are enforced by <see cref="RetentionPlanner"/> whatever the policy,
/// so no combination of rules can evict the newest checkpoint or the resume point. The set of rules is
/// closed so that every one of them is known to plan in O(n log n).
/// </remarks>
public abstract partial class RetentionPolicy
{
    private protected RetentionPolicy()
    {
    }

    /// <summary>A short description of the rule, such as "keep-last 3", for logs and dry runs.</summary>
    public override string ToString() => Description;

    internal abstract string Description { get; }

    /// <summary>Marks the intact candidates this rule keeps, with a reason each.</summary>
    internal abstract void Apply(RetentionContext context);

    /// <summary>True when the policy keeps every checkpoint whatever they are: then a prune after a save has nothing to
    /// decide, and is skipped rather than planned over every checkpoint of the run.</summary>
    internal virtual bool KeepsEverything => false;
}

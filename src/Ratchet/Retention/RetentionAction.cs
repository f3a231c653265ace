namespace Ratchet.Retention;

/// <summary>What a retention plan does with one checkpoint.</summary>
public enum RetentionAction
{
    /// <summary>The checkpoint stays: an invariant or a rule keeps it.</summary>
    Keep,

    /// <summary>The checkpoint may be pruned: it is intact and nothing keeps it.</summary>
    Drop,

    /// <summary>
    /// The checkpoint is damaged. It never counts as kept and is never pruned automatically: it is reported
    /// so the user can inspect it, and removing it takes an explicit request.
    /// </summary>
    ReportDamaged,
}

namespace Ratchet.Checkpoints;

/// <summary>How a resume was decided.</summary>
public enum ResumeKind
{
    /// <summary>The run has no checkpoint directories at all: training starts from the beginning.</summary>
    FreshStart,

    /// <summary>The newest checkpoint that verified was chosen.</summary>
    NewestIntact,

    /// <summary>The checkpoint the caller named was chosen.</summary>
    Explicit,
}

/// <summary>What a resume chose and why, including every newer checkpoint that was passed over.</summary>
/// <param name="Kind">How the choice was made.</param>
/// <param name="Chosen">The chosen checkpoint (fully verified), or null for a fresh start.</param>
/// <param name="PassedOver">Checkpoints newer than the chosen one that were not used (damaged ones, or newer intact
/// ones when an older checkpoint was named explicitly), and damaged ones whose step cannot be read or trusted, which
/// may be newer.</param>
/// <param name="Examined">Every checkpoint directory that was examined, newest first.</param>
/// <param name="Summary">One sentence stating the decision, as logged.</param>
public sealed record ResumeDecision(
    ResumeKind Kind,
    CheckpointStatus? Chosen,
    IReadOnlyList<CheckpointStatus> PassedOver,
    IReadOnlyList<CheckpointStatus> Examined,
    string Summary)
{
    /// <summary>The step to continue after, or null for a fresh start.</summary>
    public long? Step => Chosen?.Step;
}

namespace Ratchet.PyTorch.Folders;

/// <summary>The training tool whose folder was inspected.</summary>
public enum ForeignRunKind
{
    /// <summary>Applio or RVC: <c>logs/&lt;model&gt;/</c> with <c>G_*.pth</c> and <c>D_*.pth</c>.</summary>
    Applio,

    /// <summary>Demucs with Dora: <c>outputs/xps/&lt;signature&gt;/</c> with <c>checkpoint.th</c> and <c>history.json</c>.</summary>
    Dora,
}

/// <summary>What a checkpoint file is for.</summary>
public enum ForeignFileRole
{
    /// <summary>An Applio/RVC generator training checkpoint (<c>G_*.pth</c>).</summary>
    G,

    /// <summary>An Applio/RVC discriminator training checkpoint (<c>D_*.pth</c>).</summary>
    D,

    /// <summary>An exported inference model: weights only, nothing to resume training from.</summary>
    Inference,

    /// <summary>Dora's <c>checkpoint.th</c>: model, optimizer and history.</summary>
    DoraCheckpoint,

    /// <summary>Dora's <c>best.th</c>: the best weights in float16, for inference.</summary>
    DoraBest,
}

/// <summary>Whether a file can be used.</summary>
public enum ForeignFileStatus
{
    /// <summary>Read in full and holds what its role needs.</summary>
    Intact,

    /// <summary>Cut off or unreadable (a crash during torch.save).</summary>
    Damaged,

    /// <summary>Refused without running it: hostile, malformed, or its needed content depends on classes outside the allow-list.</summary>
    Refused,
}

/// <summary>One checkpoint file of the folder.</summary>
/// <param name="Path">Relative to the inspected folder.</param>
/// <param name="Role">What it is for.</param>
/// <param name="Epoch">The epoch read from inside it (Applio's <c>iteration</c>, Dora's epochs done); null when unreadable.</param>
/// <param name="Status">Intact, damaged or refused.</param>
/// <param name="Reason">Why it is damaged or refused; null when intact.</param>
public sealed record ForeignFile(string Path, ForeignFileRole Role, long? Epoch, ForeignFileStatus Status, string? Reason);

/// <summary>What the original tool would do on its next start.</summary>
/// <param name="WouldResumeEpoch">The first epoch it would train (1 for a fresh start); null when it would stop with an error.</param>
/// <param name="Files">The files it would load.</param>
/// <param name="SilentRestart">Whether it would throw away progress without saying so.</param>
/// <param name="Why">The reason, in one sentence.</param>
public sealed record OriginalToolOutcome(long? WouldResumeEpoch, IReadOnlyList<string> Files, bool SilentRestart, string Why);

/// <summary>What Ratchet recommends resuming from.</summary>
/// <param name="Epoch">The checkpoint's own epoch; null when nothing can be resumed.</param>
/// <param name="Files">Exactly the files of that checkpoint (a G and a D of that epoch, or <c>checkpoint.th</c>).</param>
public sealed record RecommendedResume(long? Epoch, IReadOnlyList<string> Files);

/// <summary>What an Applio/RVC or Dora folder really holds, what its tool would do next, and what to do instead.</summary>
public sealed record ForeignRunReport(
    ForeignRunKind Kind,
    string Directory,
    IReadOnlyList<ForeignFile> Files,
    OriginalToolOutcome OriginalTool,
    RecommendedResume Recommended,
    IReadOnlyList<string> SafeToDelete,
    IReadOnlyList<string> Keep,
    string Verdict)
{
    /// <summary>The name of the kind as the CLI and JSON spell it: <c>applio</c> or <c>dora</c>.</summary>
    public string KindName => Kind == ForeignRunKind.Applio ? "applio" : "dora";
}

namespace Ratchet.PyTorch.Folders;

/// <summary>The names the corpus, the CLI and the JSON use for roles and statuses.</summary>
public static class ForeignFileRoles
{
    /// <summary><c>G</c>, <c>D</c>, <c>inference</c>, <c>demucs-checkpoint</c> or <c>demucs-best</c>.</summary>
    public static string Name(this ForeignFileRole role) => role switch
    {
        ForeignFileRole.G => "G",
        ForeignFileRole.D => "D",
        ForeignFileRole.Inference => "inference",
        ForeignFileRole.DoraCheckpoint => "demucs-checkpoint",
        _ => "demucs-best",
    };

    /// <summary><c>intact</c>, <c>damaged</c> or <c>refused</c>.</summary>
    public static string Name(this ForeignFileStatus status) => status.ToString().ToLowerInvariant();
}

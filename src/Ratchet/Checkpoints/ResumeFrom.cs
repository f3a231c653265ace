namespace Ratchet.Checkpoints;

/// <summary>Which checkpoint a resume should use.</summary>
public sealed class ResumeFrom
{
    private ResumeFrom(long? step, string? directory)
    {
        ExplicitStep = step;
        ExplicitDirectory = directory;
    }

    /// <summary>The newest checkpoint that verifies (the default).</summary>
    public static ResumeFrom Newest { get; } = new(null, null);

    /// <summary>Exactly the checkpoint with this step; it must verify or the resume fails.</summary>
    public static ResumeFrom Step(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return new(step, null);
    }

    /// <summary>Exactly the checkpoint in this directory; it must verify or the resume fails.</summary>
    public static ResumeFrom Directory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(null, Path.GetFullPath(path));
    }

    internal long? ExplicitStep { get; }

    internal string? ExplicitDirectory { get; }

    internal bool IsExplicit => ExplicitStep is not null || ExplicitDirectory is not null;

    /// <inheritdoc />
    public override string ToString() =>
        ExplicitStep is { } step ? $"step {step}" : ExplicitDirectory ?? "the newest intact checkpoint";
}

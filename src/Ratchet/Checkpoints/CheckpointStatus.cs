namespace Ratchet.Checkpoints;

/// <summary>What verification found out about one checkpoint directory.</summary>
public enum CheckpointState
{
    /// <summary>Fully verified: manifest, sizes and every part's checksum are right.</summary>
    Intact,

    /// <summary>Something is wrong; <see cref="CheckpointStatus.Problems"/> says what.</summary>
    Damaged,

    /// <summary>Manifest and sizes are right, but the part checksums were not read.</summary>
    Unverified,
}

/// <summary>How deeply to verify a checkpoint.</summary>
public enum VerificationLevel
{
    /// <summary>Manifest integrity, part presence, kinds and sizes, no unexpected files. Reads only the manifest.</summary>
    Fast,

    /// <summary>Everything <see cref="Fast"/> checks, plus every part's checksum (reads every byte).</summary>
    Full,
}

/// <summary>The result of examining one checkpoint directory.</summary>
/// <param name="DirectoryName">The directory's name inside <c>checkpoints/</c>.</param>
/// <param name="DirectoryPath">The directory's full path.</param>
/// <param name="Manifest">The manifest, when it could be read and trusted; null otherwise.</param>
/// <param name="State">Intact, damaged or unverified.</param>
/// <param name="Problems">What is wrong, one full sentence each; empty unless damaged.</param>
public sealed record CheckpointStatus(
    string DirectoryName,
    string DirectoryPath,
    CheckpointManifest? Manifest,
    CheckpointState State,
    IReadOnlyList<string> Problems)
{
    /// <summary>The bytes its files occupy as listed when it was examined (whatever its manifest says; a damaged one too).</summary>
    public long StoredBytes { get; init; }

    /// <summary>The step recorded in the manifest, or null when the manifest could not be trusted.</summary>
    public long? Step => Manifest?.Step;

    /// <summary>True when the checkpoint passed the checks that were made (intact or unverified).</summary>
    public bool PassedChecks => State != CheckpointState.Damaged;

    /// <summary>A one-line summary: the directory and its first problem, or its state.</summary>
    public string Describe() =>
        State == CheckpointState.Damaged ? $"{DirectoryName}: {string.Join(" ", Problems)}" : $"{DirectoryName}: {State.ToString().ToLowerInvariant()}";
}

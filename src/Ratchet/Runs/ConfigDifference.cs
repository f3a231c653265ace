namespace Ratchet.Runs;

/// <summary>One key whose value differs between the saved and the given config.</summary>
/// <param name="Path">The key's path, e.g. <c>model.hidden</c> or <c>layers[2]</c>.</param>
/// <param name="Saved">The canonical JSON of the saved value, or null when the key was absent.</param>
/// <param name="Given">The canonical JSON of the given value, or null when the key is absent.</param>
public sealed record ConfigDifference(string Path, string? Saved, string? Given)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Saved ?? "(absent)"} -> {Given ?? "(absent)"}";
}

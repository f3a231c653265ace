using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>Checkpoint names (docs/on-disk-format.md, "Layout"), as <see cref="RunLayout"/> defines them.</summary>
internal static class CheckpointDirectories
{
    /// <summary>The name of a committed checkpoint. The name is for people; order and identity always come from the
    /// step inside the manifest.</summary>
    public static string NameFor(long step) => RunLayout.CheckpointName(step);
}

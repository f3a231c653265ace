using System.Globalization;

namespace Ratchet.Checkpoints;

/// <summary>Names inside a run's <c>checkpoints/</c> directory (docs/on-disk-format.md, "Layout").
/// Only names with these prefixes belong to Ratchet; anything else there is left alone.</summary>
internal static class CheckpointDirectories
{
    public const string CommittedPrefix = "step-";
    public const string PendingPrefix = ".pending-";
    public const string TrashPrefix = ".trash-";

    /// <summary>The directory name of a committed checkpoint. The name is for people; order and identity
    /// always come from the step inside the manifest.</summary>
    public static string NameFor(long step) => CommittedPrefix + step.ToString("D10", CultureInfo.InvariantCulture);

    public static bool IsCommitted(string name) => name.StartsWith(CommittedPrefix, StringComparison.Ordinal);

    public static bool IsDebris(string name) =>
        name.StartsWith(PendingPrefix, StringComparison.Ordinal) || name.StartsWith(TrashPrefix, StringComparison.Ordinal);

    public static string NewPendingName(long step) => $"{PendingPrefix}{step}-{Guid.NewGuid():N}";

    public static string NewTrashName(string victim) => $"{TrashPrefix}{victim}-{Guid.NewGuid():N}";
}

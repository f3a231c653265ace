using System.Globalization;

namespace Ratchet.Storage;

/// <summary>The names every store uses (docs/on-disk-format.md, "Layout"), so a person finds the same things in a folder
/// and in a bucket.</summary>
public static class RunLayout
{
    /// <summary>The run's identity and config, relative to the run.</summary>
    public const string RunFileName = "run.json";

    /// <summary>Where committed checkpoints live, relative to the run.</summary>
    public const string CheckpointsFolder = "checkpoints";

    /// <summary>The manifest of a checkpoint; its presence is what makes the checkpoint committed.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The prefix of a committed checkpoint's name.</summary>
    public const string CheckpointPrefix = "step-";

    /// <summary>The name of a committed checkpoint. The name is for people; order and identity come from the manifest.</summary>
    public static string CheckpointName(long step) => CheckpointPrefix + step.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>Whether a name inside <see cref="CheckpointsFolder"/> is a committed checkpoint's.</summary>
    public static bool IsCheckpointName(string name) => name.StartsWith(CheckpointPrefix, StringComparison.Ordinal);
}

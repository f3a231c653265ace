namespace Ratchet.PyTorch.Folders;

/// <summary>Tells what an Applio/RVC model folder or a Dora experiment folder really holds, reading every checkpoint file
/// safely (nothing in them runs), and what to resume from.</summary>
public static class ForeignRunInspector
{
    /// <summary>Inspects a folder; its kind is told from what is inside (<c>checkpoint.th</c>/<c>history.json</c> for Dora,
    /// <c>.pth</c> files for Applio/RVC).</summary>
    /// <exception cref="CheckpointNotFoundException">The folder does not exist, or holds neither kind of run.</exception>
    /// <param name="directory">The folder.</param>
    /// <param name="progress">Told the size of each checkpoint file once it has been read (for a progress bar).</param>
    public static ForeignRunReport Inspect(string directory, IProgress<long>? progress = null)
    {
        directory = Path.GetFullPath(directory);
        return DetectKind(directory) switch
        {
            ForeignRunKind.Dora => DoraInspector.Inspect(directory, progress),
            _ => ApplioInspector.Inspect(directory, progress),
        };
    }

    /// <summary>The bytes of checkpoint files an inspection of <paramref name="directory"/> reads (for a progress bar's length).</summary>
    public static long CheckpointBytes(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(path => path.EndsWith(".pth", StringComparison.Ordinal) || path.EndsWith(".th", StringComparison.Ordinal))
                .Sum(path => new FileInfo(path).Length)
            : 0;

    /// <summary>Inspects a folder that must be of <paramref name="kind"/>.</summary>
    /// <exception cref="CheckpointNotFoundException">The folder does not exist, or is not of that kind.</exception>
    public static ForeignRunReport InspectAs(string directory, ForeignRunKind kind)
    {
        directory = Path.GetFullPath(directory);
        if (DetectKind(directory) != kind)
        {
            throw new CheckpointNotFoundException($"'{directory}' is not {(kind == ForeignRunKind.Dora ? "a Dora experiment folder" : "an Applio/RVC model folder")}. "
                + "Run `ratchet inspect` on it to see what it holds.");
        }

        return Inspect(directory);
    }

    private static ForeignRunKind DetectKind(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new CheckpointNotFoundException($"There is no folder at '{directory}'. Check the path.");
        }

        if (File.Exists(Path.Combine(directory, DoraInspector.CheckpointName)) || File.Exists(Path.Combine(directory, "history.json")))
        {
            return ForeignRunKind.Dora;
        }

        if (Directory.EnumerateFiles(directory, "*.pth").Any())
        {
            return ForeignRunKind.Applio;
        }

        string hint = Directory.Exists(Path.Combine(directory, "logs")) ? " For Applio/RVC, pass the model folder, logs/<model>." : "";
        throw new CheckpointNotFoundException(
            $"'{directory}' holds no Applio/RVC checkpoints (*.pth) and no Dora checkpoint.th or history.json.{hint}");
    }
}

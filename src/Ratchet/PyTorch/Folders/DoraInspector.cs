namespace Ratchet.PyTorch.Folders;

/// <summary>Inspects a Dora experiment folder (<c>outputs/xps/&lt;signature&gt;/</c>): <c>checkpoint.th</c> and
/// <c>best.th</c> with their status, <c>history.json</c> against the checkpoint's own history, what Demucs would do on its
/// next start (resume, or start afresh and overwrite the history), and what Ratchet recommends.</summary>
internal static class DoraInspector
{
    public const string CheckpointName = "checkpoint.th";
    public const string BestName = "best.th";

    public static ForeignRunReport Inspect(string directory, IProgress<long>? progress)
    {
        var files = new List<ForeignFile>();
        string checkpointPath = Path.Combine(directory, CheckpointName);
        if (File.Exists(checkpointPath))
        {
            files.Add(ForeignFileReader.Classify(directory, checkpointPath, ForeignFileRole.DoraCheckpoint, EpochsDone, progress));
        }

        string bestPath = Path.Combine(directory, BestName);
        if (File.Exists(bestPath))
        {
            files.Add(ForeignFileReader.Classify(directory, bestPath, ForeignFileRole.DoraBest, _ => null, progress));
        }

        var (history, problem) = DoraHistory.Read(directory);
        var checkpoint = files.FirstOrDefault(file => file.Role == ForeignFileRole.DoraCheckpoint);
        var original = OriginalTool(checkpoint, history?.Count, problem);
        var recommended = checkpoint is { Status: ForeignFileStatus.Intact }
            ? new RecommendedResume(checkpoint.Epoch, [checkpoint.Path])
            : new RecommendedResume(null, []);
        List<string> keep = recommended.Epoch is null ? [] : [CheckpointName];
        List<string> safeToDelete = checkpoint is { Status: not ForeignFileStatus.Intact } ? [CheckpointName] : [];
        return new ForeignRunReport(ForeignRunKind.Dora, directory, files, original, recommended, safeToDelete, keep,
            Verdict(original, recommended, history?.Count));
    }

    /// <summary>Dora's checkpoint needs its model, optimizer and history as plain values; its epochs done is the history's length.</summary>
    private static long? EpochsDone(PyTorchFile file)
    {
        StrictContent.Require(file, "state");
        StrictContent.Require(file, "optimizer");
        return StrictContent.Require(file, "history") is PyTorchList history
            ? history.Count
            : throw new PyTorchRefusedException($"'{file.Path}' was refused: its 'history' is not a list of epochs. Nothing in it was run.", []);
    }

    private static OriginalToolOutcome OriginalTool(ForeignFile? checkpoint, int? historyEpochs, string? problem)
    {
        if (checkpoint is null)
        {
            return new OriginalToolOutcome(1, [], historyEpochs > 0,
                historyEpochs > 0
                    ? $"there is no {CheckpointName}, so it starts afresh at epoch 1 and overwrites history.json, which records {historyEpochs} epochs"
                    : $"there is no {CheckpointName}, so it starts at epoch 1");
        }

        if (checkpoint.Status != ForeignFileStatus.Intact)
        {
            return new OriginalToolOutcome(null, [CheckpointName], false, $"{CheckpointName} is {checkpoint.Status.Name()}, so loading it fails and training stops with an error");
        }

        string why = $"it loads {CheckpointName} and resumes after epoch {checkpoint.Epoch}";
        if (problem is not null)
        {
            why += $"; {problem}";
        }
        else if (historyEpochs > checkpoint.Epoch)
        {
            why += $", but history.json records {historyEpochs} epochs: the metrics run {historyEpochs - checkpoint.Epoch} epoch(s) ahead of the weights";
        }

        return new OriginalToolOutcome(checkpoint.Epoch + 1, [CheckpointName], false, why);
    }

    private static string Verdict(OriginalToolOutcome original, RecommendedResume recommended, int? historyEpochs)
    {
        if (recommended.Epoch is null)
        {
            return original.SilentRestart
                ? $"There are no weights to resume from; Dora would start afresh and overwrite the {historyEpochs} epochs of history.json. Back it up first."
                : "There are no weights to resume from; training must start over.";
        }

        return historyEpochs > recommended.Epoch
            ? $"Resume from {CheckpointName} (epoch {recommended.Epoch}) with the history cut to it; history.json runs {historyEpochs - recommended.Epoch} epoch(s) ahead of the weights."
            : $"Dora would resume correctly from {CheckpointName} (epoch {recommended.Epoch}).";
    }
}

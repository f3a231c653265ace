using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.PyTorch.Folders;

/// <summary>Adopting Dora: its checkpoint becomes one Ratchet checkpoint (step = epoch = epochs done), one tensors part per
/// top-level key that holds tensors (<c>state</c>, <c>optimizer</c>, <c>best_state</c>, ...), the whole object as torch-json
/// (<c>source</c>), and history.json becomes the run's history, cut at the checkpoint as a resume cuts it.</summary>
public static partial class ForeignRunAdopter
{
    private static async Task<AdoptionResult> AdoptDoraAsync(
        ForeignRunReport report, string runDirectory, TrainingRunOptions options, List<AdoptionSkip> skipped, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var checkpoint = report.Files.FirstOrDefault(file => file is { Role: ForeignFileRole.DoraCheckpoint, Status: ForeignFileStatus.Intact });
        if (checkpoint is null)
        {
            skipped.Add(new AdoptionSkip(DoraInspector.CheckpointName, "there is no intact checkpoint, so there are no weights to adopt"));
            return new AdoptionResult(Path.GetFullPath(runDirectory), [], skipped, 0);
        }

        long epoch = checkpoint.Epoch!.Value;
        var (history, problem) = DoraHistory.Read(report.Directory);
        if (problem is not null)
        {
            skipped.Add(new AdoptionSkip("history.json", problem + "; the checkpoint's own history is used"));
        }

        var added = new List<AdoptedCheckpoint>();
        int logged = 0;
        var run = await TrainingRun.OpenAsync(runDirectory, Config(report, ".argv.json"), options, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            if (await NewestStepAsync(run, cancellationToken).ConfigureAwait(false) >= epoch)
            {
                skipped.Add(new AdoptionSkip(checkpoint.Path, $"the run already has a checkpoint at or after epoch {epoch}"));
                return new AdoptionResult(run.Directory, [], skipped, 0);
            }

            using var file = PyTorchFile.Open(Path.Combine(report.Directory, checkpoint.Path));
            var content = DoraContent(file, epoch); // built first: a file that cannot be adopted leaves the run untouched
            var records = history ?? CheckpointHistory(file);
            long lastLogged = run.History.Records.Count > 0 ? run.History.Records[^1].Epoch : 0;

            // History first, then the checkpoint that covers it (the library's order); records past the checkpoint are
            // appended after it, so reopening the run cuts them and sets them aside, as a resume does.
            for (int index = (int)lastLogged; index < Math.Min(records.Count, epoch); index++)
            {
                await run.LogAsync(index + 1, index + 1, DoraHistory.Metrics(records[index]), cancellationToken).ConfigureAwait(false);
                logged++;
            }

            await run.SaveAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
            added.Add(new AdoptedCheckpoint(epoch, epoch, [checkpoint.Path]));
            progress?.Report(new FileInfo(file.Path).Length);
            for (int index = (int)epoch; index < records.Count; index++)
            {
                await run.LogAsync(index + 1, index + 1, DoraHistory.Metrics(records[index]), cancellationToken).ConfigureAwait(false);
            }
        }

        if (history?.Count > epoch)
        {
            await (await TrainingRun.OpenAsync(runDirectory, Config(report, ".argv.json"), options, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            skipped.Add(new AdoptionSkip("history.json", $"{history.Count - epoch} record(s) after epoch {epoch} run ahead of the weights; set aside as a resume does"));
        }

        return new AdoptionResult(Path.GetFullPath(runDirectory), added, skipped, logged);
    }

    private static CheckpointContent DoraContent(PyTorchFile file, long epoch)
    {
        var content = new CheckpointContent(epoch, epoch);
        var parts = new TensorParts();
        foreach (var (key, value) in (PyTorchDict)file.Root!)
        {
            string name = PyTorchLeaves.KeyName(key);
            if (PartName(name) is { } part && parts.Collect(file, part, value) is { Count: > 0 } tensors)
            {
                content.AddTensors(part, tensors);
            }
        }

        if (parts.CollectRemaining(file, "other", file.Root) is { Count: > 0 } others)
        {
            content.AddTensors("other", others);
        }

        return content.AddBytes("source", TorchJson.Encode(file.Root, parts.Locate));
    }

    /// <summary>A top-level key as a part name: kept when it is one already (letters, digits, '.', '_', '-'), else left to "other".</summary>
    private static string? PartName(string key) =>
        key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && key is not "source" and not "other" ? key : null;

    private static List<System.Text.Json.JsonElement> CheckpointHistory(PyTorchFile file) =>
        [.. ((PyTorchList)StrictContent.Require(file, "history")!).Select(record => System.Text.Json.JsonDocument.Parse(PyTorchJson.Serialize(record)).RootElement.Clone())];
}

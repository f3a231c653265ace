using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.PyTorch.Folders;
using Ratchet.Tensors;

namespace Ratchet.PyTorch.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Step">The checkpoint exported.</param>
/// <param name="Epoch">Its epoch (Applio's <c>iteration</c>).</param>
/// <param name="Files">The files written, full paths: the G file, then the D file.</param>
public sealed record ApplioExportResult(long Step, long Epoch, IReadOnlyList<string> Files);

/// <summary>
/// Writes an adopted Applio/RVC checkpoint back as the <c>G_&lt;step&gt;.pth</c> and <c>D_&lt;step&gt;.pth</c> Applio resumes
/// from (or <c>G_2333333.pth</c>/<c>D_2333333.pth</c>, its "latest" names): <c>model</c>, <c>iteration</c>, <c>optimizer</c>,
/// <c>learning_rate</c> (and <c>scaler</c> when the adopted files had one), tensors bit-identical to the adopted ones, in the
/// zip format torch.save writes (pickle protocol 2, stored entries aligned to 64 bytes), naming only the globals a
/// <c>torch.load(weights_only=True)</c> allows. Each file is written atomically; existing files are never overwritten.
/// </summary>
public static class ApplioExport
{
    private static readonly string[] RequiredParts = ["G", "D", "optim.G", "optim.D", "source.G", "source.D"];
    private static readonly string[] ResumeKeys = ["model", "iteration", "optimizer", "learning_rate"];

    /// <summary>Exports checkpoint <paramref name="step"/> (the newest intact one when null) of the run into <paramref name="outDirectory"/>.</summary>
    /// <exception cref="CheckpointNotFoundException">No such checkpoint, or it was not adopted from Applio/RVC (the missing parts are named).</exception>
    /// <exception cref="CheckpointCorruptException">The checkpoint fails verification.</exception>
    /// <exception cref="CheckpointConflictException">A file of that name exists, or a file in the folder would win Applio's pick.</exception>
    public static async Task<ApplioExportResult> ExportAsync(
        string runDirectory, string outDirectory, long? step = null, bool latest = false, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var reader = await RunReader.OpenAsync(runDirectory, cancellationToken).ConfigureAwait(false);
        string run = reader.Location;
        var checkpoint = await reader.OpenCheckpointAsync(step ?? await NewestAsync(reader, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var missing = RequiredParts.Where(part => !checkpoint.HasPart(part)).ToList();
        if (missing.Count > 0)
        {
            throw new CheckpointNotFoundException(
                $"Checkpoint step {checkpoint.Step} of '{run}' has no part {string.Join(", ", missing.Select(part => $"'{part}'"))}: export needs a checkpoint "
                + "adopted from Applio/RVC (parts G, D, optim.G, optim.D, source.G, source.D). Adopt the folder with `ratchet adopt applio`.");
        }

        string output = Path.GetFullPath(outDirectory);
        Directory.CreateDirectory(output);
        long number = latest ? ApplioNames.LatestNumber : checkpoint.Step;
        string[] targets = [Path.Combine(output, $"G_{number}.pth"), Path.Combine(output, $"D_{number}.pth")];
        OutputFolder.EnsureClear(output, targets);

        var parts = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            SafetensorsFile Part(string name) => parts.TryGetValue(name, out var file) ? file : parts[name] = checkpoint.MapTensors(name);
            foreach (var (role, target) in new[] { ("G", targets[0]), ("D", targets[1]) })
            {
                var root = await ResumeObjectAsync(checkpoint, role, Part, cancellationToken).ConfigureAwait(false);
                await TorchFileWriter.WriteAsync(target, root, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var file in parts.Values)
            {
                file.Dispose();
            }
        }

        return new ApplioExportResult(checkpoint.Step, checkpoint.Epoch, targets);
    }

    private static async Task<long> NewestAsync(RunReader reader, CancellationToken cancellationToken)
    {
        string run = reader.Location;
        var all = await reader.ListAsync(VerificationLevel.Fast, null, cancellationToken).ConfigureAwait(false);
        return all.Where(status => status.PassedChecks && status.Step is not null).Select(status => status.Step!.Value).DefaultIfEmpty(-1).Max() is var newest and >= 0
            ? newest
            : throw new CheckpointNotFoundException($"'{run}' has no intact checkpoint to export.");
    }

    /// <summary>The dict Applio resumes from, decoded from the adopted file's torch-json with its tensors resolved.</summary>
    private static async Task<PyTorchDict> ResumeObjectAsync(Checkpoint checkpoint, string role, Func<string, SafetensorsFile> part, CancellationToken cancellationToken)
    {
        byte[] json = await checkpoint.ReadBytesAsync($"source.{role}", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(json);
        var decoded = new TorchJsonDecoder(part, $"part 'source.{role}' (step {checkpoint.Step})").Decode(document.RootElement) as PyTorchDict
            ?? throw new CheckpointCorruptException($"Part 'source.{role}' of checkpoint step {checkpoint.Step} does not hold a dict.");
        var root = new PyTorchDict(isOrdered: false);
        foreach (string key in ResumeKeys.Append("scaler"))
        {
            if (decoded.TryGet(key, out object? value))
            {
                root.Set(key, value);
            }
            else if (key != "scaler")
            {
                throw new CheckpointCorruptException($"Part 'source.{role}' of checkpoint step {checkpoint.Step} has no '{key}', which Applio resumes from.");
            }
        }

        return root;
    }
}

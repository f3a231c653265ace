using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.PyTorch.Folders;

/// <summary>
/// Brings an Applio/RVC or Dora folder under Ratchet: each intact G/D pair of one epoch, or Dora's checkpoint, becomes one
/// verified checkpoint of a Ratchet run (tensors as safetensors parts, everything else as lossless torch-json), with step
/// and epoch from inside the files. Damaged and refused files are skipped, never imported; the source folder is only
/// read. Adopting again adds only what is new.
/// </summary>
public static partial class ForeignRunAdopter
{
    /// <summary>Adopts <paramref name="sourceDirectory"/> (which must be of <paramref name="kind"/>) into the run at <paramref name="runDirectory"/>.</summary>
    /// <exception cref="CheckpointNotFoundException">The folder is missing or not of that kind.</exception>
    /// <exception cref="RunLockedException">The run is open for writing elsewhere.</exception>
    /// <exception cref="ConfigMismatchException">The run was adopted from a folder with another config.</exception>
    public static async Task<AdoptionResult> AdoptAsync(
        string sourceDirectory, ForeignRunKind kind, string runDirectory, ILogger? logger = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = ForeignRunInspector.InspectAs(sourceDirectory, kind);
        string run = Path.GetFullPath(runDirectory);
        if (IsInside(run, report.Directory))
        {
            throw new RunAccessException($"The run '{run}' is inside the folder being adopted, '{report.Directory}', which adopt never modifies. Put the run elsewhere.");
        }

        var options = new TrainingRunOptions { HandleStopSignals = false, Logger = logger ?? NullLogger.Instance };
        var skipped = report.Files.Where(file => file.Status != ForeignFileStatus.Intact)
            .Select(file => new AdoptionSkip(file.Path, $"{file.Status.Name()}: {file.Reason}")).ToList();
        return kind == ForeignRunKind.Applio
            ? await AdoptApplioAsync(report, run, options, skipped, progress, cancellationToken).ConfigureAwait(false)
            : await AdoptDoraAsync(report, run, options, skipped, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's config: where it came from, and the tool's own config file when there is one, so adopting a
    /// different folder into the same run is refused as a config change.</summary>
    private static JsonElement Config(ForeignRunReport report, string? configFile)
    {
        var config = new Dictionary<string, object?>
        {
            ["adopted_from"] = report.KindName,
            ["source_name"] = Path.GetFileName(report.Directory),
        };
        if (configFile is not null && File.Exists(Path.Combine(report.Directory, configFile)))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report.Directory, configFile)));
                config["config"] = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                config["config"] = null; // an unreadable config.json is the tool's problem, not a reason to refuse the weights
            }
        }

        return JsonSerializer.SerializeToElement(config);
    }

    private static async Task<long> NewestStepAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        var existing = await run.Checkpoints.ListAsync(VerificationLevel.Fast, null, cancellationToken).ConfigureAwait(false);
        return existing.Where(status => status.PassedChecks && status.Step is not null).Select(status => status.Step!.Value).DefaultIfEmpty(long.MinValue).Max();
    }

    private static bool IsInside(string path, string directory) =>
        path.Equals(directory, StringComparison.Ordinal) || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);
}

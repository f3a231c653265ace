using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.PyTorch.Folders;

/// <summary>Adopting Applio/RVC: one checkpoint per intact G/D pair of one epoch, paired by the epoch inside the files.</summary>
public static partial class ForeignRunAdopter
{
    private static async Task<AdoptionResult> AdoptApplioAsync(
        ForeignRunReport report, string runDirectory, TrainingRunOptions options, List<AdoptionSkip> skipped, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long stepsPerEpoch = ApplioSteps.StepsPerEpoch(report.Directory, report.Files);
        var pairs = Pairs(report, skipped).Select(pair => (Step: ApplioSteps.Step(pair.G, stepsPerEpoch), pair.Epoch, pair.G, pair.D)).OrderBy(pair => pair.Step).ToList();
        var added = new List<AdoptedCheckpoint>();
        var run = await TrainingRun.OpenAsync(runDirectory, Config(report, "config.json"), options, cancellationToken).ConfigureAwait(false);
        await using var runScope = run.ConfigureAwait(false);
        long newest = await NewestStepAsync(run, cancellationToken).ConfigureAwait(false);
        foreach (var (step, epoch, g, d) in pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step <= newest)
            {
                skipped.Add(new AdoptionSkip($"{g.Path} + {d.Path}", $"the run already has a checkpoint at or after step {step}"));
                continue;
            }

            var content = new CheckpointContent(step, epoch);
            AddTrainingFile(content, report.Directory, g, "G");
            AddTrainingFile(content, report.Directory, d, "D");
            await run.SaveAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
            newest = step;
            added.Add(new AdoptedCheckpoint(step, epoch, [g.Path, d.Path]));
            progress?.Report(new FileInfo(Path.Combine(report.Directory, g.Path)).Length + new FileInfo(Path.Combine(report.Directory, d.Path)).Length);
        }

        return new AdoptionResult(run.Directory, added, skipped, 0);
    }

    /// <summary>For each epoch with an intact G and an intact D, one pair: a numbered file before "latest", then the larger name.</summary>
    private static List<(long Epoch, ForeignFile G, ForeignFile D)> Pairs(ForeignRunReport report, List<AdoptionSkip> skipped)
    {
        var intact = report.Files.Where(file => file.Status == ForeignFileStatus.Intact && file.Epoch is not null).ToList();
        ForeignFile? Best(ForeignFileRole role, long epoch) => intact
            .Where(file => file.Role == role && file.Epoch == epoch)
            .OrderBy(file => ApplioNames.Number(Path.GetFileName(file.Path)) == ApplioNames.LatestNumber)
            .ThenByDescending(file => ApplioNames.DigitRank(Path.GetFileName(file.Path)))
            .FirstOrDefault();
        var pairs = new List<(long, ForeignFile, ForeignFile)>();
        foreach (long epoch in intact.Where(file => file.Role is ForeignFileRole.G or ForeignFileRole.D).Select(file => file.Epoch!.Value).Distinct().Order())
        {
            var (g, d) = (Best(ForeignFileRole.G, epoch), Best(ForeignFileRole.D, epoch));
            if (g is not null && d is not null)
            {
                pairs.Add((epoch, g, d));
            }
            else
            {
                skipped.Add(new AdoptionSkip((g ?? d)!.Path, $"no intact {(g is null ? "G" : "D")} of epoch {epoch} to pair it with"));
            }
        }

        return pairs;
    }

    /// <summary>The parts of one training file: its model (<c>G</c>/<c>D</c>), its optimizer's tensors (<c>optim.G</c>), and
    /// the whole object as torch-json (<c>source.G</c>) with each tensor replaced by where it went.</summary>
    private static void AddTrainingFile(CheckpointContent content, string directory, ForeignFile source, string role)
    {
        using var file = PyTorchFile.Open(Path.Combine(directory, source.Path));
        var parts = new TensorParts();
        content.AddTensors(role, parts.Collect(file, role, StrictContent.Require(file, "model")));
        content.AddTensors($"optim.{role}", parts.Collect(file, $"optim.{role}", StrictContent.Require(file, "optimizer")));
        if (parts.CollectRemaining(file, $"other.{role}", file.Root) is { Count: > 0 } others)
        {
            content.AddTensors($"other.{role}", others);
        }

        content.AddBytes($"source.{role}", TorchJson.Encode(file.Root, parts.Locate));
    }
}

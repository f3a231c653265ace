using System.Globalization;
using System.Text.RegularExpressions;

namespace Ratchet.PyTorch.Folders;

/// <summary>Inspects an Applio/RVC model folder (<c>logs/&lt;model&gt;/</c>): every <c>.pth</c> with its role, epoch and
/// status; the tool's own next start (the G and the D with the largest digits, loaded separately, any load error a silent
/// restart at epoch 1); and the resume Ratchet recommends (the newest epoch with an intact G and D of that same epoch).</summary>
internal static partial class ApplioInspector
{
    public static ForeignRunReport Inspect(string directory, IProgress<long>? progress)
    {
        var files = Directory.EnumerateFiles(directory, "*.pth").Order(StringComparer.Ordinal).Select(path => Classify(directory, path, progress)).ToList();
        var original = OriginalTool(files);
        var (pair, recommended) = Recommend(files);
        var keep = recommended.Files;
        var safeToDelete = files
            .Where(file => file.Role is ForeignFileRole.G or ForeignFileRole.D && !keep.Contains(file.Path))
            .Where(file => file.Status != ForeignFileStatus.Intact || (pair is { } kept && (file.Epoch <= kept.Epoch || Shadows(file, kept.G))))
            .Select(file => file.Path)
            .ToList();
        return new ForeignRunReport(ForeignRunKind.Applio, directory, files, original, recommended, safeToDelete, keep,
            Verdict(original, recommended, safeToDelete));
    }

    private static ForeignFile Classify(string directory, string path, IProgress<long>? progress)
    {
        string name = Path.GetFileName(path);
        var role = ApplioNames.MatchesGlob(name, "G") ? ForeignFileRole.G : ApplioNames.MatchesGlob(name, "D") ? ForeignFileRole.D : ForeignFileRole.Inference;
        return ForeignFileReader.Classify(directory, path, role, file => role == ForeignFileRole.Inference ? InferenceEpoch(file) : TrainingEpoch(file), progress);
    }

    /// <summary>A training checkpoint needs its model, its epoch and its optimizer as plain values and tensors.</summary>
    private static long TrainingEpoch(PyTorchFile file)
    {
        StrictContent.Require(file, "model");
        StrictContent.Require(file, "optimizer");
        return StrictContent.WholeNumber(file, "iteration")
            ?? throw new PyTorchRefusedException($"'{file.Path}' was refused: its 'iteration' (the epoch) is missing or not an integer. Nothing in it was run.", []);
    }

    /// <summary>Applio's inference models say <c>epoch</c>; RVC's say it in <c>info</c> ("20epoch").</summary>
    private static long? InferenceEpoch(PyTorchFile file)
    {
        if (StrictContent.WholeNumber(file, "epoch") is { } epoch)
        {
            return epoch;
        }

        return file.Root is PyTorchDict root && root.Get("info") is string info && EpochInInfo().Match(info) is { Success: true } match
            ? long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)
            : null;
    }

    private static OriginalToolOutcome OriginalTool(List<ForeignFile> files)
    {
        var latestG = Latest(files, "G");
        var latestD = Latest(files, "D");
        if (latestG is null || latestD is null)
        {
            return new OriginalToolOutcome(1, [], false, $"there is no {(latestG is null ? "G_*.pth" : "D_*.pth")}, so it starts at epoch 1 from the pretrained weights");
        }

        string[] loaded = [latestD.Path, latestG.Path];
        var unreadable = new[] { latestD, latestG }.FirstOrDefault(file => file.Status != ForeignFileStatus.Intact);
        if (unreadable is not null)
        {
            return new OriginalToolOutcome(1, loaded, true,
                $"it picks {latestG.Path} and {latestD.Path} by the digits in their names; {unreadable.Path} is {unreadable.Status.Name()}, "
                + "so loading raises and it silently starts again at epoch 1 from the pretrained weights");
        }

        string why = $"it picks {latestG.Path} and {latestD.Path} by the digits in their names and resumes after G's epoch {latestG.Epoch}";
        if (latestG.Epoch != latestD.Epoch)
        {
            why += $", pairing a generator of epoch {latestG.Epoch} with a discriminator of epoch {latestD.Epoch} without checking";
        }

        long? newest = files.Where(file => file.Role == ForeignFileRole.G && file.Status == ForeignFileStatus.Intact).Max(file => file.Epoch);
        if (newest > latestG.Epoch)
        {
            why += $", although a G of epoch {newest} exists";
        }

        return new OriginalToolOutcome(latestG.Epoch + 1, loaded, false, why);
    }

    /// <summary>Among all files the tool's glob matches (whatever their role or state), the one with the largest digits.</summary>
    private static ForeignFile? Latest(List<ForeignFile> files, string role) =>
        files.Where(file => ApplioNames.MatchesGlob(Path.GetFileName(file.Path), role)).MaxBy(file => ApplioNames.DigitRank(Path.GetFileName(file.Path)));

    private static ((long Epoch, ForeignFile G, ForeignFile D)? Pair, RecommendedResume Resume) Recommend(List<ForeignFile> files)
    {
        var intact = files.Where(file => file.Status == ForeignFileStatus.Intact && file.Epoch is not null).ToList();
        var pair = intact.Where(file => file.Role == ForeignFileRole.G)
            .SelectMany(g => intact.Where(d => d.Role == ForeignFileRole.D && d.Epoch == g.Epoch).Select(d => (Epoch: g.Epoch!.Value, G: g, D: d)))
            .OrderByDescending(candidate => candidate.Epoch)
            .ThenBy(candidate => ApplioNames.Number(Path.GetFileName(candidate.G.Path)) == ApplioNames.LatestNumber) // a numbered pair before "latest"
            .Select(candidate => ((long Epoch, ForeignFile G, ForeignFile D)?)candidate)
            .FirstOrDefault();
        return pair is { } chosen
            ? (pair, new RecommendedResume(chosen.Epoch, [chosen.G.Path, chosen.D.Path]))
            : (null, new RecommendedResume(null, []));
    }

    /// <summary>A G/D file that would outrank the recommended G in the tool's pick must go, or the tool picks it again.</summary>
    private static bool Shadows(ForeignFile file, ForeignFile recommendedG) =>
        ApplioNames.DigitRank(Path.GetFileName(file.Path)) > ApplioNames.DigitRank(Path.GetFileName(recommendedG.Path));

    private static string Verdict(OriginalToolOutcome original, RecommendedResume recommended, List<string> safeToDelete)
    {
        if (recommended.Epoch is null)
        {
            return "No epoch has an intact G and D of the same epoch, so nothing can be resumed; training must start over.";
        }

        bool agrees = !original.SilentRestart && original.WouldResumeEpoch == recommended.Epoch + 1 && original.Files.Order().SequenceEqual(recommended.Files.Order());
        return agrees
            ? $"Applio would resume correctly from epoch {recommended.Epoch} ({string.Join(" and ", recommended.Files)})."
            : $"Applio would {(original.SilentRestart ? "silently restart at epoch 1" : $"resume at epoch {original.WouldResumeEpoch} from the wrong files")}; "
                + $"resume from epoch {recommended.Epoch} ({string.Join(" and ", recommended.Files)}) instead"
                + (safeToDelete.Count > 0 ? $", after removing {string.Join(", ", safeToDelete)}." : ".");
    }

    [GeneratedRegex("([0-9]+)epoch", RegexOptions.CultureInvariant)]
    private static partial Regex EpochInInfo();
}

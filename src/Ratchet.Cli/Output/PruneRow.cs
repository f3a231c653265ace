using Ratchet.Checkpoints;
using Ratchet.Retention;

namespace Ratchet.Cli.Output;

/// <summary>One checkpoint of a prune as the CLI shows it: the plan's decision, plus what the directory listing adds
/// (its name and, when damaged, its problems) and whether it was (or on a dry run would be) removed.</summary>
/// <param name="Directory">The directory name inside <c>checkpoints/</c>.</param>
/// <param name="Step">The step its manifest records; null when the manifest cannot be trusted.</param>
/// <param name="Action">Keep, drop or damaged, as the plan decided.</param>
/// <param name="Reasons">The plan's reasons, verbatim.</param>
/// <param name="Problems">What is wrong with a damaged checkpoint; empty otherwise.</param>
/// <param name="Removed">Removed by this prune, or on a dry run: would be.</param>
internal sealed record PruneRow(string Directory, long? Step, RetentionAction Action, IReadOnlyList<string> Reasons, IReadOnlyList<string> Problems, bool Removed)
{
    /// <summary>Why a checkpoint without a trustworthy step is not in the plan (the plan works by step).</summary>
    public const string UnplannableReason = "damaged: its step cannot be trusted, so no rule can plan it; left in place until removed explicitly";

    /// <summary>Every checkpoint of <paramref name="result"/>, newest step first, unplannable ones last (as <c>list</c> orders them).</summary>
    /// <param name="result">What the library planned and did, with the checkpoints as it judged them.</param>
    /// <param name="dryRun">Whether nothing was removed.</param>
    public static IReadOnlyList<PruneRow> For(PruneResult result, bool dryRun)
    {
        var removed = (dryRun ? result.Targeted : result.Removed).ToHashSet(StringComparer.Ordinal);
        var rows = new List<PruneRow>();
        foreach (var decision in result.Plan.Decisions.Reverse())
        {
            var status = result.Planned.GetValueOrDefault(decision.Step);
            string directory = status?.DirectoryName ?? Storage.RunLayout.CheckpointName(decision.Step);
            var problems = decision.Action == RetentionAction.ReportDamaged ? status?.Problems ?? [] : [];
            rows.Add(new PruneRow(directory, decision.Step, decision.Action, decision.Reasons, problems, removed.Contains(directory)));
        }

        rows.AddRange(result.Unplannable.Select(status => new PruneRow(
            status.DirectoryName, status.Step, RetentionAction.ReportDamaged, [UnplannableReason], status.Problems, removed.Contains(status.DirectoryName))));
        return rows;
    }

    /// <summary>The action as the CLI names it everywhere: <c>keep</c>, <c>drop</c> or <c>damaged</c>.</summary>
    public string ActionName => Action switch
    {
        RetentionAction.Keep => "keep",
        RetentionAction.Drop => "drop",
        _ => "damaged",
    };
}

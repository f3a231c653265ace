using Ratchet.Checkpoints;
using Ratchet.Cli.Reading;
using Ratchet.Runs;

namespace Ratchet.Cli.Output;

/// <summary>Renders a <see cref="StatusReport"/>: one labelled line per fact, then the damaged checkpoints and
/// the tail of the history. Lines are plain and unwrapped so they can be grepped.</summary>
internal static class StatusView
{
    private const int LabelWidth = 13;

    public static void Write(CliContext context, StatusReport report)
    {
        var output = context.Output;
        var run = report.Run;
        Line(output, "Run", run.Path);
        WriteIdentity(output, run);
        Line(output, "Lock", report.Lock.Held
            ? $"held by {report.Lock.Holder?.ToString() ?? "another process (it has not written its name yet)"}; reading is safe meanwhile"
            : "free (no writer has the run open)");
        Line(output, "Resume", report.Decision?.Summary ?? report.Refusal!.Message);
        Line(output, "Checkpoints", DescribeCounts(report.Checkpoints));
        Line(output, "Pins", DescribePins(report));
        Line(output, "Disk", DescribeDisk(report));
        WriteDebris(output, report.Debris);
        CheckpointTable.WriteProblems(output, report.Checkpoints);
        WriteHistory(context, report);
        if (context.Interactive && Sparkline.Of(report.SparklineRecords) is { } trend)
        {
            Line(context.Output, "Trend", trend);
        }
    }

    private static void WriteIdentity(TextWriter output, RunDirectory run)
    {
        if (run.Info is not { } info)
        {
            Line(output, "Signature", run.RunFileProblem is { } problem
                ? $"unknown: run.json is unreadable. {problem}"
                : "none: the run has no run.json (checkpoints saved outside a training run)");
            return;
        }

        Line(output, "Signature", $"{info.Signature} (created {Formats.Time(info.CreatedAt)})");
        int keys = ConfigIdentity.Flatten(info.Config, []).Count;
        int identityKeys = ConfigIdentity.Flatten(info.Config, info.IgnoredKeys).Count;
        string ignored = info.IgnoredKeys.Count == 0 ? "none ignored" : "ignored: " + string.Join(", ", info.IgnoredKeys);
        string changes = info.Changes.Count == 0
            ? "no accepted changes"
            : $"{Formats.Count(info.Changes.Count, "accepted change")}, the last {info.Changes[^1].Path}: {info.Changes[^1].From ?? "(absent)"} -> {info.Changes[^1].To ?? "(absent)"} at {Formats.Time(info.Changes[^1].Time)}";
        Line(output, "Config", $"{Formats.Count(keys, "key")}, {identityKeys} part of identity ({ignored}); {changes}; `ratchet config` shows it");
    }

    private static string DescribeCounts(IReadOnlyList<CheckpointStatus> checkpoints)
    {
        if (checkpoints.Count == 0)
        {
            return "none yet";
        }

        int Count(CheckpointState state) => checkpoints.Count(status => status.State == state);
        string text = $"{checkpoints.Count}: {Count(CheckpointState.Intact)} intact, {Count(CheckpointState.Damaged)} damaged, {Count(CheckpointState.Unverified)} unverified";
        return Count(CheckpointState.Unverified) == 0 ? text : text + " (manifest and sizes checked; `ratchet verify` reads every byte)";
    }

    private static string DescribePins(StatusReport report)
    {
        var run = report.Run;
        if (run.PinsProblem is { } problem)
        {
            return $"unreadable: {problem}";
        }

        if (run.PinnedSteps.Count == 0)
        {
            return "none (`ratchet pin` keeps a checkpoint from ever being pruned)";
        }

        string text = run.PinnedSteps.Count == 1
            ? $"step {Formats.Steps(run.PinnedSteps)}: retention never prunes it"
            : $"steps {Formats.Steps(run.PinnedSteps)}: retention never prunes them";

        // A pin outlives its checkpoint when the directory was deleted by hand; say so rather than imply protection.
        var orphans = run.PinnedSteps.Where(step => !report.Checkpoints.Any(status => status.Step == step)).ToList();
        return orphans.Count == 0 ? text : $"{text}; no checkpoint has {(orphans.Count == 1 ? "step" : "steps")} {Formats.Steps(orphans)}";
    }

    private static string DescribeDisk(StatusReport report)
    {
        string total = $"{Formats.Bytes(report.TotalBytes)} in checkpoints";
        if (report.Run.PinsProblem is not null)
        {
            return $"{total}; nothing prunable until pins.json is fixed";
        }

        if (report.Decision?.Chosen is not { } chosen)
        {
            return $"{total}; nothing prunable";
        }

        // An upper bound, labelled as one: what a prune frees depends on its rules, and damaged checkpoints go only on request.
        string pinned = report.PinnedSpared == 0 ? "" : $", and {Formats.Count(report.PinnedSpared, "pinned checkpoint")}";
        return $"{total}; at most {Formats.Bytes(report.PrunableBytes)} prunable (everything but {chosen.DirectoryName}, which a resume would use{pinned})";
    }

    private static void WriteDebris(TextWriter output, IReadOnlyList<Storage.DebrisEntry> debris)
    {
        var saves = debris.Where(entry => entry.IsUnfinishedSave).ToList();
        var prunes = debris.Where(entry => !entry.IsUnfinishedSave).ToList();
        if (saves.Count > 0)
        {
            Line(output, "Debris", $"{saves.Count} unfinished save(s) (.pending-*) will be swept by the next writer ({Formats.Bytes(saves.Sum(entry => entry.Bytes))})");
        }

        if (prunes.Count > 0)
        {
            Line(output, "Debris", $"{prunes.Count} unfinished prune(s) (.trash-*) will be swept by the next writer ({Formats.Bytes(prunes.Sum(entry => entry.Bytes))})");
        }
    }

    private static void WriteHistory(CliContext context, StatusReport report)
    {
        if (report.HistoryProblem is { } problem)
        {
            Line(context.Output, "History", $"unreadable: {problem}");
        }
        else if (report.HistoryCount == 0)
        {
            Line(context.Output, "History", "none yet");
        }
        else
        {
            Line(context.Output, "History", $"{Formats.Count(report.HistoryCount, "record")}; the last {report.HistoryTailRecords.Count}:");
            HistoryTable.Write(context, report.HistoryTailRecords);
        }
    }

    private static void Line(TextWriter output, string label, string text) => output.WriteLine($"{label.PadRight(LabelWidth)}{text}");
}

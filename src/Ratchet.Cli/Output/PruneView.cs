using Ratchet.Checkpoints;
using System.Globalization;
using Ratchet.Retention;
using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>A prune for people: the policy, a table of every checkpoint with its action and reasons, the problems of
/// the damaged ones, then one summary line.</summary>
internal static class PruneView
{
    public static void Write(CliContext context, string runPath, RetentionPolicy policy, PruneResult result, IReadOnlyList<PruneRow> rows, bool dryRun, bool removeDamaged)
    {
        var output = context.Output;
        if (rows.Count == 0)
        {
            output.WriteLine($"The run '{runPath}' has no checkpoints; nothing to prune.");
            return;
        }

        output.WriteLine($"Policy: {policy}; the newest intact checkpoint and pinned ones are always kept.");
        var table = new Table()
            .AddColumn(new TableColumn("Checkpoint").NoWrap())
            .AddColumn(new TableColumn("Step").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Action").NoWrap())
            .AddColumn("Reasons");
        foreach (var row in rows)
        {
            table.AddRow(
                new Text(row.Directory),
                new Text(row.Step?.ToString(CultureInfo.InvariantCulture) ?? "?"),
                ActionMarkup(row),
                new Text(string.Join("; ", Reasons(row, dryRun))));
        }

        context.Console.Write(table);
        foreach (var row in rows.Where(row => row.Problems.Count > 0))
        {
            output.WriteLine($"{row.Directory} is damaged:");
            foreach (string problem in row.Problems)
            {
                output.WriteLine($"  - {problem}");
            }
        }

        output.WriteLine(Summary(result, rows, dryRun, removeDamaged));
    }

    /// <summary>The plan's reasons, plus what happened to a damaged checkpoint when its removal was asked for and to a
    /// dropped one whose removal failed: the plan alone would say "left in place" of a directory that is gone.</summary>
    private static IEnumerable<string> Reasons(PruneRow row, bool dryRun)
    {
        var reasons = row.Reasons.AsEnumerable();
        if (row.Action == RetentionAction.ReportDamaged && row.Removed)
        {
            reasons = reasons.Append(dryRun ? "would be removed (--remove-damaged)" : "removed (--remove-damaged)");
        }
        else if (row.Action == RetentionAction.Drop && !row.Removed)
        {
            reasons = reasons.Append("could not be removed (see the errors)");
        }

        return reasons;
    }

    private static string Summary(PruneResult result, IReadOnlyList<PruneRow> rows, bool dryRun, bool removeDamaged)
    {
        int Count(RetentionAction action) => rows.Count(row => row.Action == action);
        int damaged = Count(RetentionAction.ReportDamaged);
        string counts = $"{Count(RetentionAction.Keep)} kept, {Count(RetentionAction.Drop)} dropped, {damaged} damaged";
        string removed = Formats.Count(rows.Count(row => row.Removed), "checkpoint");
        string summary = dryRun
            ? $"Dry run: {counts}; pruning would remove {removed} and free {Formats.Bytes(result.FreedBytes)}. Nothing was changed."
            : $"{counts}; removed {removed}, freed {Formats.Bytes(result.FreedBytes)}.";
        if (result.Failures.Count > 0)
        {
            summary += $" {Formats.Count(result.Failures.Count, "removal")} failed; see the errors.";
        }

        if (damaged > 0 && !removeDamaged)
        {
            summary += " Damaged checkpoints stay until removed with --remove-damaged.";
        }

        return summary;
    }

    private static Markup ActionMarkup(PruneRow row) => row.Action switch
    {
        RetentionAction.Keep => new Markup("[green]keep[/]"),
        RetentionAction.Drop => new Markup("[yellow]drop[/]"),
        _ => new Markup("[red]damaged[/]"),
    };
}

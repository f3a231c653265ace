using Ratchet.Checkpoints;
using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>Checkpoints as a table, for <c>list</c> and <c>verify</c>. Problems are full sentences, so they follow
/// the table as plain lines instead of being squeezed into a column.</summary>
internal static class CheckpointTable
{
    public static void Write(CliContext context, IReadOnlyList<CheckpointRow> rows)
    {
        var table = new Table()
            // On a narrow terminal the metrics wrap; names, numbers and times stay whole so they can be copied.
            .AddColumn(new TableColumn("Checkpoint").NoWrap())
            .AddColumn(new TableColumn("Step").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Epoch").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Time (UTC)").NoWrap())
            .AddColumn(new TableColumn("Size").RightAligned().NoWrap())
            .AddColumn(new TableColumn("Status").NoWrap())
            .AddColumn("Pinned")
            .AddColumn("Metrics");
        foreach (var (status, bytes, pinned) in rows)
        {
            var manifest = status.Manifest;
            table.AddRow(
                new Text(status.DirectoryName),
                new Text(manifest?.Step.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"),
                new Text(manifest?.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"),
                new Text(manifest is null ? "?" : Formats.Time(manifest.CreatedAt)),
                new Text(Formats.Bytes(bytes)),
                StateMarkup(status.State),
                new Text(pinned ? "yes" : ""),
                new Text(manifest is null ? "" : Formats.Metrics(manifest.Metrics)));
        }

        context.Console.Write(table);
        WriteProblems(context.Output, rows.Select(row => row.Status));
    }

    /// <summary>Each damaged checkpoint and each of its problems, one line each.</summary>
    public static void WriteProblems(TextWriter output, IEnumerable<CheckpointStatus> statuses)
    {
        foreach (var status in statuses.Where(status => status.State == CheckpointState.Damaged))
        {
            output.WriteLine($"{status.DirectoryName} is damaged:");
            foreach (string problem in status.Problems)
            {
                output.WriteLine($"  - {problem}");
            }
        }
    }

    private static Markup StateMarkup(CheckpointState state) => state switch
    {
        CheckpointState.Intact => new Markup("[green]intact[/]"),
        CheckpointState.Damaged => new Markup("[red]damaged[/]"),
        _ => new Markup("[yellow]unverified[/]"),
    };
}

using System.Globalization;
using Ratchet.History;
using Spectre.Console;

namespace Ratchet.Cli.Output;

internal static class HistoryTable
{
    /// <summary>History records as a table, one column per metric name; <c>history</c> and <c>status</c> both show them this way.</summary>
    public static void Write(CliContext context, IReadOnlyList<HistoryRecord> records)
    {
        var names = records.SelectMany(record => record.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table()
            .AddColumn(new TableColumn("Step").RightAligned())
            .AddColumn(new TableColumn("Epoch").RightAligned())
            .AddColumn("Time (UTC)");
        foreach (string name in names)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        foreach (var record in records)
        {
            var cells = new List<string>
            {
                record.Step.ToString(CultureInfo.InvariantCulture),
                record.Epoch.ToString(CultureInfo.InvariantCulture),
                Formats.Time(record.Time),
            };
            cells.AddRange(names.Select(name => record.Metrics.TryGetValue(name, out double value) ? Formats.Metric(value) : ""));
            table.AddRow(cells.Select(cell => new Text(cell)));
        }

        context.Console.Write(table);
    }
}

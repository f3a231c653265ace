using System.Globalization;
using System.Text;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// When RATCHET_RELIABILITY_REPORT names a file (relative paths are relative to the repository root), rewrites
/// the table between its markers from the counts the suite just collected. Without the variable it does nothing,
/// so an ordinary test run never touches the working tree.
/// </summary>
public sealed class ReliabilityReportWriter : IDisposable
{
    public const string Variable = "RATCHET_RELIABILITY_REPORT";
    public const string Begin = "<!-- reliability-table:begin -->";
    public const string End = "<!-- reliability-table:end -->";

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } target)
        {
            return;
        }

        string path = Path.IsPathRooted(target) ? target : Path.Combine(RepositoryRoot(), target);
        string document = File.ReadAllText(path);
        int begin = document.IndexOf(Begin, StringComparison.Ordinal);
        int end = document.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"'{path}' has no {Begin} ... {End} markers to write the table between.");
        }

        string table = Render(ReliabilityLedger.Snapshot(), ReliabilityLedger.Notes(), SweepSize.Current);
        File.WriteAllText(path, document[..(begin + Begin.Length)] + "\n" + table + document[end..]);
    }

    internal static string Render(IReadOnlyDictionary<FaultClass, ReliabilityLedger.Tally> tallies, IReadOnlyList<string> notes, SweepSize size)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Sweep size: `{size.Name}` ({size.SubsetsPerPoint} random crash states per crash point; each faulted run reopened after a restart, a durable-only power loss and {size.StatesPerFault} random ones; {size.FlipsPerFile} bit flips per file; {size.Kills + 1} kills).");
        text.AppendLine();
        text.AppendLine("| # | Fault class | Guarantees checked | Tests | Cases tried | Violations |");
        text.AppendLine("|--:|-------------|--------------------|------:|------------:|-----------:|");
        foreach (var (faultClass, tally) in tallies.OrderBy(pair => pair.Key.Order))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {faultClass.Order} | {faultClass.Name} | {faultClass.Checks} | {tally.Tests} | {tally.Cases:N0} ({Plural(faultClass.Unit, tally.Cases)}) | {tally.Violations} |");
        }

        long cases = tallies.Values.Sum(tally => tally.Cases);
        long violations = tallies.Values.Sum(tally => tally.Violations);
        text.AppendLine(CultureInfo.InvariantCulture, $"| | **Total** | | {tallies.Values.Sum(tally => tally.Tests)} | {cases:N0} | **{violations}** |");
        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (string note in notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return text.ToString();
    }

    private static string Plural(string unit, long count) => count == 1 ? unit : unit + "s";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ratchet.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (the directory holding Ratchet.slnx) above the test assembly.");
    }
}

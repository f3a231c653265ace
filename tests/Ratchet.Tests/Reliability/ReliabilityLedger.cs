namespace Ratchet.Tests.Reliability;

/// <summary>What the reliability suite tried, per fault class, for docs/reliability.md. Each test adds its cases and
/// the violations it found (a violation also fails the test).</summary>
internal static class ReliabilityLedger
{
    private static readonly Dictionary<FaultClass, Tally> Tallies = [];
    private static readonly SortedDictionary<string, string> NoteTexts = new(StringComparer.Ordinal);

    public static void Record(FaultClass faultClass, long cases, long violations = 0)
    {
        lock (Tallies)
        {
            var tally = Tallies.GetValueOrDefault(faultClass) ?? new Tally(0, 0, 0);
            Tallies[faultClass] = new Tally(tally.Tests + 1, tally.Cases + cases, tally.Violations + violations);
        }
    }

    /// <summary>Records a fact about how the cases ran (for example whether a real tmpfs could be mounted).</summary>
    public static void Note(string key, string text)
    {
        lock (Tallies)
        {
            NoteTexts[key] = text;
        }
    }

    public static IReadOnlyList<string> Notes()
    {
        lock (Tallies)
        {
            return [.. NoteTexts.Values];
        }
    }

    public static IReadOnlyDictionary<FaultClass, Tally> Snapshot()
    {
        lock (Tallies)
        {
            return new Dictionary<FaultClass, Tally>(Tallies);
        }
    }

    /// <param name="Tests">How many tests contributed.</param>
    /// <param name="Cases">How many cases they tried.</param>
    /// <param name="Violations">How many cases broke a guarantee.</param>
    internal sealed record Tally(int Tests, long Cases, long Violations);
}

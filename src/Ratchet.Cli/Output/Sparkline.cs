using System.Globalization;
using Ratchet.History;

namespace Ratchet.Cli.Output;

/// <summary>The main metric's last values as one line of block characters, for <c>status</c> on a terminal (redirected
/// output stays plain ASCII). The main metric is <c>loss</c> when the run logs one, else the first metric by name.</summary>
internal static class Sparkline
{
    public const int Width = 40;
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string? Of(IReadOnlyList<HistoryRecord> records)
    {
        var names = records.SelectMany(record => record.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        string metric = names.Contains("loss") ? "loss" : names[0];
        var values = records.Select(record => record.Metrics.TryGetValue(metric, out double value) ? value : double.NaN).Where(double.IsFinite).ToList();
        if (values.Count < 2)
        {
            return null;
        }

        double min = values.Min(), max = values.Max();
        string line = string.Concat(values.Select(value => Blocks[max > min ? (int)Math.Round((value - min) / (max - min) * (Blocks.Length - 1)) : 0]));
        return string.Create(CultureInfo.InvariantCulture, $"{metric} {line} {values[^1]:G4} (last {values.Count}, {min:G4} to {max:G4})");
    }
}

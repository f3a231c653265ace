using System.Globalization;

namespace Ratchet.Cli.Output;

/// <summary>How numbers, sizes and times look in tables. JSON output never goes through here: it keeps exact values.</summary>
internal static class Formats
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>A size for people: <c>512 B</c>, <c>4.0 KiB</c>, <c>1.5 GiB</c>.</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }

    /// <summary>A UTC time to the second, sortable and unambiguous across time zones.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The exact form JSON output and files use.</summary>
    public static string RoundTripTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A metric value: up to six significant digits; NaN and infinities by name.</summary>
    public static string Metric(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Metrics as <c>name=value</c> pairs in name order.</summary>
    public static string Metrics(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={Metric(pair.Value)}"));

    /// <summary>A count with its noun, singular or plural.</summary>
    public static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>Steps in ascending order, comma-separated: <c>100, 200</c>.</summary>
    public static string Steps(IEnumerable<long> steps) =>
        string.Join(", ", steps.Order().Select(step => step.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A verification state as the CLI names it everywhere: <c>intact</c>, <c>damaged</c>, <c>unverified</c>.</summary>
    public static string State(Checkpoints.CheckpointState state) => state.ToString().ToLowerInvariant();
}

using System.Globalization;
using System.Text.Json;

namespace Ratchet.Checkpoints;

/// <summary>Metrics and parts in JSON exactly as Ratchet's manifests and history write them (docs/on-disk-format.md), for
/// tools that show them beside Ratchet's own files (the <c>ratchet</c> command's <c>--json</c> output is one).</summary>
public static class MetricsJson
{
    /// <summary>Writes a metric value; JSON has no NaN or infinities, so those become strings
    /// (a diverged loss is exactly what a user wants to see recorded).</summary>
    /// <param name="json">Where to write.</param>
    /// <param name="name">The metric's name.</param>
    /// <param name="value">Its value.</param>
    public static void WriteMetric(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes a <c>metrics</c> object, names in ordinal order.</summary>
    /// <param name="json">Where to write.</param>
    /// <param name="metrics">The metrics.</param>
    public static void WriteMetrics(Utf8JsonWriter json, IReadOnlyDictionary<string, double> metrics)
    {
        json.WriteStartObject("metrics");
        foreach (var (name, value) in metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            WriteMetric(json, name, value);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes a <c>parts</c> array: name, rank (in a sharded checkpoint), file, kind, bytes and checksum of each.</summary>
    /// <param name="json">Where to write.</param>
    /// <param name="parts">The parts, in the manifest's order.</param>
    public static void WriteParts(Utf8JsonWriter json, IReadOnlyList<PartEntry> parts)
    {
        json.WriteStartArray("parts");
        foreach (var part in parts)
        {
            json.WriteStartObject();
            json.WriteString("name", part.Name);
            if (part.Rank is { } rank)
            {
                json.WriteNumber("rank", rank);
            }

            json.WriteString("file", part.File);
            json.WriteString("kind", KindName(part.Kind));
            json.WriteNumber("bytes", part.Length);
            json.WriteString("checksum", part.Checksum);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    internal static string KindName(PartKind kind) => kind switch
    {
        PartKind.Bytes => "bytes",
        PartKind.Json => "json",
        PartKind.Tensors => "tensors",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown part kind."),
    };
}

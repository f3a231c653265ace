using System.Globalization;
using System.Text.Json;
using Ratchet.Checkpoints;

namespace Ratchet.Cli.Output;

/// <summary>Metrics and parts in the CLI's JSON documents, written as the manifest writes them: a metric that is not a
/// finite number (NaN, an infinity) becomes its name as a string, which JSON can hold.</summary>
internal static class ManifestJson
{
    public static void WriteMetrics(Utf8JsonWriter json, IReadOnlyDictionary<string, double> metrics)
    {
        json.WriteStartObject("metrics");
        foreach (var (name, value) in metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal))
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

        json.WriteEndObject();
    }

    public static void WriteParts(Utf8JsonWriter json, IReadOnlyList<PartEntry> parts)
    {
        json.WriteStartArray("parts");
        foreach (var part in parts)
        {
            json.WriteStartObject();
            json.WriteString("name", part.Name);
            json.WriteString("file", part.File);
            json.WriteString("kind", part.Kind.ToString().ToLowerInvariant());
            json.WriteNumber("bytes", part.Length);
            json.WriteString("checksum", part.Checksum);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Ratchet.Checkpoints;

/// <summary>Writes a manifest body as indented JSON with snake_case fields (docs/on-disk-format.md).</summary>
internal static class ManifestSerializer
{
    public static byte[] Serialize(CheckpointManifest manifest)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("step", manifest.Step);
            json.WriteNumber("epoch", manifest.Epoch);
            json.WriteString("created_utc", manifest.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("run_signature", manifest.RunSignature);
            json.WriteNumber("history_length", manifest.HistoryLength);
            WriteParts(json, manifest.Parts);
            WriteMetrics(json, manifest.Metrics);
            json.WriteStartObject("writer");
            json.WriteString("host", manifest.Writer.Host);
            json.WriteNumber("pid", manifest.Writer.ProcessId);
            json.WriteString("library_version", manifest.Writer.LibraryVersion);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return ManifestEnvelope.Wrap(buffer.WrittenSpan);
    }

    /// <summary>Writes a metric value; JSON has no NaN or infinities, so those become strings
    /// (a diverged loss is exactly what a user wants to see recorded).</summary>
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

    public static void WriteMetrics(Utf8JsonWriter json, IReadOnlyDictionary<string, double> metrics)
    {
        json.WriteStartObject("metrics");
        foreach (var (name, value) in metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            WriteMetric(json, name, value);
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
            json.WriteString("kind", KindName(part.Kind));
            json.WriteNumber("bytes", part.Length);
            json.WriteString("checksum", part.Checksum);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static string KindName(PartKind kind) => kind switch
    {
        PartKind.Bytes => "bytes",
        PartKind.Json => "json",
        PartKind.Tensors => "tensors",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown part kind."),
    };
}

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
            if (manifest.Shards is { } shards)
            {
                json.WriteStartObject("shards");
                json.WriteNumber("world_size", shards.WorldSize);
                json.WriteString("session", shards.Session);
                json.WriteEndObject();
            }

            MetricsJson.WriteParts(json, manifest.Parts);
            MetricsJson.WriteMetrics(json, manifest.Metrics);
            json.WriteStartObject("writer");
            json.WriteString("host", manifest.Writer.Host);
            json.WriteNumber("pid", manifest.Writer.ProcessId);
            json.WriteString("library_version", manifest.Writer.LibraryVersion);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        // A sharded manifest is a new kind: an older Ratchet, which would load one rank's parts as the whole state,
        // refuses its format version instead.
        return ManifestEnvelope.Wrap(buffer.WrittenSpan, manifest.Shards is null ? ManifestEnvelope.FormatVersion : ManifestEnvelope.ShardedFormatVersion);
    }
}

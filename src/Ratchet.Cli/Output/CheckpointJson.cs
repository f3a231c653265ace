using System.Text.Json;
using Ratchet.Checkpoints;

namespace Ratchet.Cli.Output;

/// <summary>The JSON object for one checkpoint, the same in <c>list --json</c> and <c>verify --json</c>
/// (docs/cli.md, "JSON"). Field names are part of the tool's contract: add fields, never rename or remove them.</summary>
internal static class CheckpointJson
{
    public static void Write(Utf8JsonWriter json, CheckpointRow row)
    {
        var (status, diskBytes, pinned) = row;
        var manifest = status.Manifest;
        json.WriteStartObject();
        json.WriteString("directory", status.DirectoryName);
        WriteNullable(json, "step", manifest?.Step);
        WriteNullable(json, "epoch", manifest?.Epoch);
        if (manifest is null)
        {
            json.WriteNull("time");
        }
        else
        {
            json.WriteString("time", Formats.RoundTripTime(manifest.CreatedAt));
        }

        json.WriteString("status", Formats.State(status.State));
        json.WriteStartArray("problems");
        foreach (string problem in status.Problems)
        {
            json.WriteStringValue(problem);
        }

        json.WriteEndArray();
        json.WriteBoolean("pinned", pinned);
        json.WriteNumber("bytes", diskBytes);
        ManifestJson.WriteMetrics(json, manifest?.Metrics ?? new Dictionary<string, double>());
        ManifestJson.WriteParts(json, manifest?.Parts ?? []);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

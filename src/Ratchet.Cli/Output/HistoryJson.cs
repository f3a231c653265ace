using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.History;

namespace Ratchet.Cli.Output;

/// <summary>The JSON object for one history record: the same fields as a line of <c>history.jsonl</c>.</summary>
internal static class HistoryJson
{
    public static void Write(Utf8JsonWriter json, HistoryRecord record)
    {
        json.WriteStartObject();
        json.WriteNumber("step", record.Step);
        json.WriteNumber("epoch", record.Epoch);
        json.WriteString("time", Formats.RoundTripTime(record.Time));
        ManifestJson.WriteMetrics(json, record.Metrics);
        json.WriteEndObject();
    }
}

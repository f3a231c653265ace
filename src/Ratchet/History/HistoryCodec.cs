using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Parsing;

namespace Ratchet.History;

/// <summary>The line format of <c>history.jsonl</c> (docs/on-disk-format.md, "history.jsonl").</summary>
internal static class HistoryCodec
{
    public static byte[] Encode(HistoryRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("step", record.Step);
            json.WriteNumber("epoch", record.Epoch);
            json.WriteString("time", record.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            MetricsJson.WriteMetrics(json, record.Metrics);
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    public static HistoryRecord Decode(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { AllowDuplicateProperties = false });
            var fields = new JsonFields(document.RootElement, $"{path}, line {lineNumber}", "");
            return new HistoryRecord(fields.NonNegative("step"), fields.NonNegative("epoch"), fields.Time("time"), fields.Metrics("metrics"));
        }
        catch (JsonException e)
        {
            throw new RatchetFormatException($"Line {lineNumber} of '{path}' is not a history record ({e.Message}): '{Preview(line)}'.", e);
        }
    }

    public static string Preview(ReadOnlySpan<byte> line) =>
        Encoding.UTF8.GetString(line.Length > 120 ? line[..120] : line).ReplaceLineEndings(" ");
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Storage;
using Ratchet.Parsing;

namespace Ratchet.Runs;

/// <summary>Reads and atomically writes <c>run.json</c>.</summary>
internal static class RunFile
{
    public const string Name = RunLayout.RunFileName;
    public const string Format = "ratchet-run";
    public const int FormatVersion = 1;
    private const long MaxLength = 64 << 20;

    public static async Task<RunInfo?> ReadAsync(IRunStore store, CancellationToken cancellationToken)
    {
        byte[]? bytes = await store.ReadFileAsync(Name, MaxLength, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : Parse(bytes, PathIn(store));
    }

    /// <summary>How the file is named in messages.</summary>
    public static string PathIn(IRunStore store) => Path.Combine(store.Location, Name);

    public static RunInfo Parse(byte[] bytes, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
            var fields = new JsonFields(document.RootElement, path, "");
            if (fields.String("format") != Format)
            {
                throw fields.Error("format", $"expected '{Format}'");
            }

            long version = fields.NonNegative("format_version");
            if (version != FormatVersion)
            {
                throw fields.Error("format_version", $"this version of Ratchet reads version {FormatVersion}, found {version}; upgrade Ratchet");
            }

            return new RunInfo(
                fields.String("signature"),
                fields.Time("created_utc"),
                fields.Required("config", JsonValueKind.Object).Clone(),
                [.. fields.Required("ignored_keys", JsonValueKind.Array).EnumerateArray().Select(key => key.GetString() ?? "")],
                [.. fields.Array("config_changes").Select(change => new ConfigChange(
                    change.Time("time"), change.String("path"), change.OptionalString("from"), change.OptionalString("to")))]);
        }
        catch (JsonException e)
        {
            throw new RatchetFormatException($"The run file '{path}' is not valid JSON ({e.Message}). Restore it from a backup, or move it away to start a new run in this directory.", e);
        }
    }

    public static Task WriteAsync(IRunStore store, RunInfo info, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("format_version", FormatVersion);
            json.WriteString("signature", info.Signature);
            json.WriteString("created_utc", info.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartArray("ignored_keys");
            foreach (string key in info.IgnoredKeys)
            {
                json.WriteStringValue(key);
            }

            json.WriteEndArray();
            json.WritePropertyName("config");
            info.Config.WriteTo(json);
            json.WriteStartArray("config_changes");
            foreach (var change in info.Changes)
            {
                json.WriteStartObject();
                json.WriteString("time", change.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                json.WriteString("path", change.Path);
                json.WriteString("from", change.From);
                json.WriteString("to", change.To);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return store.ReplaceFileAsync(Name, buffer.WrittenMemory, durable: true, cancellationToken);
    }
}

using System.Globalization;
using System.Text.Json;

namespace Ratchet.Parsing;

/// <summary>Typed, strict access to the fields of a JSON object, with errors that name the file and the field path.</summary>
internal readonly struct JsonFields(JsonElement element, string path, string prefix)
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    /// <summary>Parses a whole file strictly (no duplicate keys, shallow); the caller disposes the document.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="path">Where it is, for the message.</param>
    /// <param name="what">What it is, for the message (for example "checkpoint manifest").</param>
    public static JsonDocument ParseStrict(ReadOnlyMemory<byte> bytes, string path, string what)
    {
        try
        {
            return JsonDocument.Parse(bytes, Strict);
        }
        catch (JsonException e)
        {
            throw new RatchetFormatException($"The {what} '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    public JsonElement Element => element;

    public RatchetFormatException Error(string field, string problem) =>
        new($"The file '{path}' is invalid at field '{prefix}{field}': {problem}.");

    public JsonElement Required(string field, JsonValueKind kind)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RatchetFormatException($"The file '{path}' is invalid at '{prefix.TrimEnd('.')}': expected a JSON object.");
        }

        if (!element.TryGetProperty(field, out var value))
        {
            throw Error(field, "the field is missing");
        }

        return value.ValueKind == kind ? value : throw Error(field, $"expected {Describe(kind)}, found {Describe(value.ValueKind)}");
    }

    public string String(string field) => Required(field, JsonValueKind.String).GetString()!;

    public string? OptionalString(string field) =>
        element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Null ? null : String(field);

    public long NonNegative(string field)
    {
        var value = Required(field, JsonValueKind.Number);
        return value.TryGetInt64(out long number) && number >= 0
            ? number
            : throw Error(field, $"expected a whole number from 0 to {long.MaxValue}, found {value.GetRawText()}");
    }

    public DateTimeOffset Time(string field)
    {
        string text = String(field);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw Error(field, $"'{text}' is not an ISO 8601 UTC time");
    }

    public JsonFields Object(string field) => new(Required(field, JsonValueKind.Object), path, $"{prefix}{field}.");

    public IReadOnlyList<JsonFields> Array(string field)
    {
        var array = Required(field, JsonValueKind.Array);
        var items = new List<JsonFields>(array.GetArrayLength());
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            items.Add(new JsonFields(item, path, $"{prefix}{field}[{index++}]."));
        }

        return items;
    }

    public Dictionary<string, double> Metrics(string field)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in Required(field, JsonValueKind.Object).EnumerateObject())
        {
            try
            {
                metrics[property.Name] = ParseMetric(property.Value);
            }
            catch (FormatException e)
            {
                throw Error($"{field}.{property.Name}", e.Message);
            }
        }

        return metrics;
    }

    /// <summary>A metric as manifests and the history write it: a number, or a string for NaN and the infinities.</summary>
    private static double ParseMetric(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        _ => throw new FormatException($"'{value.GetRawText()}' is not a number"),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

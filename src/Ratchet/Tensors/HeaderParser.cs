using System.Text.Json;
using System.Text.Unicode;

namespace Ratchet.Tensors;

/// <summary>
/// Parses and validates a safetensors header with a forward-only JSON reader, so that duplicate keys are
/// caught (a document model keeps only one of them) and nothing is allocated beyond what the header's own
/// size bounds. Every rule violation becomes a <see cref="SafetensorsFormatException"/>.
/// </summary>
internal static partial class HeaderParser
{
    // Root object, tensor entry, shape array: anything deeper is rejected by the structural checks first.
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 8 };

    public static ParsedHeader Parse(ReadOnlySpan<byte> json, string? source)
    {
        if (!Utf8.IsValid(json))
        {
            throw FormatErrors.File(source, "its header is not valid UTF-8 text");
        }

        var reader = new Utf8JsonReader(json, Options);
        var tensors = new List<TensorInfo>();
        Dictionary<string, string>? metadata = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (Next(ref reader) != JsonTokenType.StartObject)
            {
                throw FormatErrors.File(source, $"its header must be a JSON object, but it starts with {Describe(reader.TokenType)}");
            }

            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                string key = GetString(ref reader, source);
                bool isMetadata = key == TensorSet.MetadataKey;
                if (!seen.Add(key))
                {
                    throw isMetadata
                        ? FormatErrors.File(source, $"its header has more than one '{TensorSet.MetadataKey}' key")
                        : FormatErrors.Tensor(source, key, "the name appears more than once in the header");
                }

                _ = Next(ref reader);
                if (isMetadata)
                {
                    metadata = ReadMetadata(ref reader, source);
                }
                else
                {
                    tensors.Add(ReadTensor(ref reader, key, source));
                }
            }

            // Reading past the root object fails on anything but whitespace: the header is one JSON value.
            _ = Next(ref reader);
        }
        catch (JsonException e)
        {
            throw FormatErrors.File(source, $"its header is not valid JSON ({e.Message})", e);
        }

        Tile(tensors, source);
        return new ParsedHeader(json.Length, tensors, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    private static Dictionary<string, string> ReadMetadata(ref Utf8JsonReader reader, string? source)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw FormatErrors.File(source, $"its '{TensorSet.MetadataKey}' must be an object of strings, not {Describe(reader.TokenType)}");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = GetString(ref reader, source);
            if (Next(ref reader) != JsonTokenType.String)
            {
                throw FormatErrors.File(source, $"its '{TensorSet.MetadataKey}' entry '{FormatErrors.Quote(key)}' is {Describe(reader.TokenType)}, but metadata values must be strings");
            }

            if (!metadata.TryAdd(key, GetString(ref reader, source)))
            {
                throw FormatErrors.File(source, $"its '{TensorSet.MetadataKey}' has the key '{FormatErrors.Quote(key)}' more than once");
            }
        }

        return metadata;
    }

    /// <summary>Checks that the tensors, in offset order, cover the data section with no gap and no overlap.</summary>
    private static void Tile(List<TensorInfo> tensors, string? source)
    {
        tensors.Sort(static (a, b) =>
            a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin)
            : a.End != b.End ? a.End.CompareTo(b.End)
            : string.CompareOrdinal(a.Name, b.Name));
        TensorInfo? previous = null;
        foreach (TensorInfo tensor in tensors)
        {
            long expected = previous?.End ?? 0;
            string after = previous is null ? "the data section starts at 0" : $"the previous tensor '{FormatErrors.Quote(previous.Name)}' ends at {expected}";
            if (tensor.Begin > expected)
            {
                throw FormatErrors.Tensor(source, tensor.Name,
                    $"its data offsets {FormatErrors.Offsets(tensor.Begin, tensor.End)} leave a gap: {after}, so {tensor.Begin - expected} bytes belong to no tensor");
            }

            if (tensor.Begin < expected)
            {
                throw FormatErrors.Tensor(source, tensor.Name,
                    $"its data offsets {FormatErrors.Offsets(tensor.Begin, tensor.End)} overlap other data: {after}");
            }

            previous = tensor;
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) => reader.Read() ? reader.TokenType : JsonTokenType.None;

    private static string GetString(ref Utf8JsonReader reader, string? source)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // An escaped unpaired surrogate (\ud800) is valid JSON syntax but not text.
            throw FormatErrors.File(source, "its header has a string that is not valid Unicode", e);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.EndArray => "the end of an array",
        JsonTokenType.EndObject => "the end of an object",
        _ => "nothing",
    };
}

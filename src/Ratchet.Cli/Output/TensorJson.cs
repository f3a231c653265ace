using System.Text.Json;
using Ratchet.Tensors;

namespace Ratchet.Cli.Output;

/// <summary>The document <c>tensors --json</c> writes (docs/cli.md, "tensors --json"). Field names are part of the
/// tool's contract: add fields, never rename or remove them.</summary>
internal static class TensorJson
{
    public static void Write(Utf8JsonWriter json, SafetensorsFile file, IReadOnlyDictionary<string, string>? hashes = null)
    {
        json.WriteStartObject();
        json.WriteString("file", file.Path);
        json.WriteNumber("data_start", file.DataStart);
        json.WriteStartArray("tensors");
        foreach (var tensor in file.Tensors)
        {
            json.WriteStartObject();
            json.WriteString("name", tensor.Name);
            json.WriteString("dtype", tensor.DType.FormatName());
            json.WriteStartArray("shape");
            foreach (long dimension in tensor.Shape)
            {
                json.WriteNumberValue(dimension);
            }

            json.WriteEndArray();
            json.WriteNumber("bytes", tensor.ByteLength);
            json.WriteNumber("begin", tensor.Begin);
            json.WriteNumber("end", tensor.End);
            if (hashes is not null)
            {
                json.WriteString("sha256", hashes[tensor.Name]);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("metadata");
        foreach (var (key, value) in TensorView.SortedMetadata(file))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

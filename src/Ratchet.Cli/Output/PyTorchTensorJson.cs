using System.Text.Json;
using Ratchet.PyTorch;

namespace Ratchet.Cli.Output;

/// <summary>The document <c>tensors --json</c> writes for a PyTorch file (docs/cli.md, "tensors --json"). Field names are
/// part of the tool's contract: add fields, never rename or remove them.</summary>
internal static class PyTorchTensorJson
{
    public static void Write(Utf8JsonWriter json, PyTorchListing listing)
    {
        json.WriteStartObject();
        json.WriteString("file", listing.File.Path);
        json.WriteString("format", listing.File.Format == PyTorchFileFormat.Zip ? "pytorch-zip" : "pytorch-legacy");
        json.WriteStartArray("tensors");
        foreach (var leaf in listing.Tensors)
        {
            var tensor = (PyTorchTensor)leaf.Value!;
            json.WriteStartObject();
            json.WriteString("name", leaf.Name);
            json.WriteString("dtype", tensor.DType.Name());
            json.WriteStartArray("shape");
            foreach (long size in tensor.Shape)
            {
                json.WriteNumberValue(size);
            }

            json.WriteEndArray();
            json.WriteNumber("bytes", tensor.ByteLength);
            if (listing.Hashes is not null)
            {
                json.WriteString("sha256", listing.Hashes[tensor]);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteLeaves(json, "values", listing.Values);
        WriteLeaves(json, "objects", listing.Objects);
        json.WriteStartArray("not_imported");
        foreach (string global in listing.File.OpaqueGlobals)
        {
            json.WriteStringValue(global);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteLeaves(Utf8JsonWriter json, string name, IReadOnlyList<PyTorchLeaf> leaves)
    {
        json.WriteStartArray(name);
        foreach (var leaf in leaves)
        {
            json.WriteStartObject();
            json.WriteString("name", leaf.Name);
            json.WritePropertyName("value");
            PyTorchJson.Write(json, leaf.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Ratchet.PyTorch;

/// <summary>
/// The lossless "torch-json" encoding of a PyTorch file's object (docs/on-disk-format.md, "torch-json"), with every tensor
/// replaced by a reference to the checkpoint part and name that hold it. Unlike <see cref="PyTorchJson"/>, which is for
/// reading, it keeps every Python type apart (int or float, tuple or list, dict key types, OrderedDict), so the object can
/// be written back as PyTorch wrote it.
/// </summary>
internal static class TorchJson
{
    /// <summary>Encodes <paramref name="value"/>; <paramref name="tensorReference"/> names the part and tensor name of each tensor.</summary>
    /// <exception cref="PyTorchRefusedException">The value nests too deeply.</exception>
    public static byte[] Encode(object? value, Func<PyTorchTensor, (string Part, string Name)> tensorReference)
    {
        ArgumentNullException.ThrowIfNull(tensorReference);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, value, tensorReference, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, object? value, Func<PyTorchTensor, (string Part, string Name)> reference, int depth, HashSet<object> ancestors)
    {
        // OmegaConf nodes point back at their parent: a container met again on its own path is written as a marker.
        if (value is PyTorchList or PyTorchTuple or PyTorchDict or PyTorchObject && !ancestors.Add(value))
        {
            Tagged(json, "$cycle", PyTorchJsonNames.Kind(value));
            return;
        }

        try
        {
            WriteValue(json, value, reference, depth, ancestors);
        }
        finally
        {
            if (value is not null)
            {
                ancestors.Remove(value);
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter json, object? value, Func<PyTorchTensor, (string Part, string Name)> reference, int depth, HashSet<object> ancestors)
    {
        if (depth > PyTorchLeaves.MaxDepth)
        {
            throw new PyTorchRefusedException($"A value nests deeper than {PyTorchLeaves.MaxDepth} levels (or contains itself).", []);
        }

        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case long number: json.WriteNumberValue(number); break;
            case BigInteger number: Tagged(json, "$int", number.ToString(CultureInfo.InvariantCulture)); break;
            case double number: WriteFloat(json, number); break;
            case string text: json.WriteStringValue(text); break;
            case byte[] bytes:
                json.WriteStartObject();
                json.WriteBase64String("$bytes", bytes);
                json.WriteEndObject();
                break;
            case PyTorchList list: WriteArray(json, list, reference, depth, ancestors); break;
            case PyTorchTuple tuple:
                json.WriteStartObject();
                json.WritePropertyName("$tuple");
                WriteArray(json, tuple, reference, depth, ancestors);
                json.WriteEndObject();
                break;
            case PyTorchDict dict: WriteDict(json, dict, reference, depth, ancestors); break;
            case PyTorchTensor tensor: WriteTensor(json, tensor, reference(tensor)); break;
            case PyTorchDevice device: Tagged(json, "$device", device.Name); break;
            case PyTorchGlobal global: Tagged(json, "$global", global.FullName); break;
            case PyTorchObject opaque:
                json.WriteStartObject();
                json.WriteString("$object", opaque.Type.FullName);
                json.WritePropertyName("args");
                Write(json, opaque.Arguments, reference, depth + 1, ancestors);
                json.WritePropertyName("state");
                Write(json, opaque.State, reference, depth + 1, ancestors);
                json.WriteEndObject();
                break;
            default: throw new ArgumentException($"Not a value read from a PyTorch file: {value.GetType().Name}.", nameof(value));
        }
    }

    /// <summary>A float always carries '.' or 'e', so it never reads back as an int; non-finite values are tagged.</summary>
    private static void WriteFloat(Utf8JsonWriter json, double number)
    {
        if (!double.IsFinite(number))
        {
            Tagged(json, "$float", double.IsNaN(number) ? "nan" : number > 0 ? "inf" : "-inf");
            return;
        }

        string text = number.ToString("R", CultureInfo.InvariantCulture);
        json.WriteRawValue(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal)
            ? text.Replace("E", "e", StringComparison.Ordinal)
            : text + ".0");
    }

    private static void WriteArray(Utf8JsonWriter json, IEnumerable<object?> items, Func<PyTorchTensor, (string Part, string Name)> reference, int depth, HashSet<object> ancestors)
    {
        json.WriteStartArray();
        foreach (object? item in items)
        {
            Write(json, item, reference, depth + 1, ancestors);
        }

        json.WriteEndArray();
    }

    private static void WriteDict(Utf8JsonWriter json, PyTorchDict dict, Func<PyTorchTensor, (string Part, string Name)> reference, int depth, HashSet<object> ancestors)
    {
        json.WriteStartObject();
        json.WriteStartArray("$dict");
        foreach (var (key, item) in dict)
        {
            json.WriteStartArray();
            Write(json, key, reference, depth + 1, ancestors);
            Write(json, item, reference, depth + 1, ancestors);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        if (dict.IsOrdered)
        {
            json.WriteString("$class", "collections.OrderedDict");
        }

        if (dict.Attributes is { } attributes)
        {
            json.WritePropertyName("$attributes");
            Write(json, attributes, reference, depth + 1, ancestors);
        }

        json.WriteEndObject();
    }

    private static void WriteTensor(Utf8JsonWriter json, PyTorchTensor tensor, (string Part, string Name) location)
    {
        json.WriteStartObject();
        json.WriteStartObject("$tensor");
        json.WriteString("part", location.Part);
        json.WriteString("name", location.Name);
        if (tensor.IsParameter)
        {
            json.WriteBoolean("parameter", true);
        }

        if (tensor.RequiresGrad)
        {
            json.WriteBoolean("requires_grad", true);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Tagged(Utf8JsonWriter json, string tag, string value)
    {
        json.WriteStartObject();
        json.WriteString(tag, value);
        json.WriteEndObject();
    }
}

using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Ratchet.PyTorch;

/// <summary>
/// A value from a PyTorch file as JSON for people and scripts to read (inspection, not a round trip): dicts become
/// objects, lists and tuples arrays, a tensor <c>{"$tensor": {"dtype", "shape"}}</c>, an opaque object
/// <c>{"$object": "module.Class", "args", "state"}</c>. OmegaConf containers (Dora's <c>args</c>) are shown as the plain
/// config they hold, because their pickled state is OmegaConf's internals, not what the user wrote.
/// </summary>
public static class PyTorchJson
{
    /// <summary>Writes <paramref name="value"/>.</summary>
    /// <exception cref="PyTorchRefusedException">The value nests deeper than <see cref="PyTorchLeaves.MaxDepth"/> levels.</exception>
    public static void Write(Utf8JsonWriter json, object? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        WriteValue(json, value, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    /// <summary>The value as a JSON string.</summary>
    public static string Serialize(object? value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter json, object? value, int depth, HashSet<object> ancestors)
    {
        if (value is PyTorchList or PyTorchTuple or PyTorchDict or PyTorchObject && !ancestors.Add(value))
        {
            WriteTagged(json, "$cycle", PyTorchJsonNames.Kind(value));
            return;
        }

        try
        {
            WriteNew(json, value, depth, ancestors);
        }
        finally
        {
            if (value is not null)
            {
                ancestors.Remove(value);
            }
        }
    }

    private static void WriteNew(Utf8JsonWriter json, object? value, int depth, HashSet<object> ancestors)
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
            case BigInteger number: json.WriteRawValue(number.ToString(CultureInfo.InvariantCulture)); break;
            case double number when double.IsFinite(number): json.WriteNumberValue(number); break;
            case double number: json.WriteStringValue(number.ToString(CultureInfo.InvariantCulture).ToLowerInvariant()); break;
            case string text: json.WriteStringValue(text); break;
            case byte[] bytes:
                json.WriteStartObject();
                json.WriteBase64String("$bytes", bytes);
                json.WriteEndObject();
                break;
            case PyTorchDict dict: WriteDict(json, dict, depth, ancestors); break;
            case IEnumerable<object?> items: WriteArray(json, items, depth, ancestors); break;
            case PyTorchTensor tensor: WriteTensor(json, tensor); break;
            case PyTorchDevice device: WriteTagged(json, "$device", device.Name); break;
            case PyTorchGlobal global: WriteTagged(json, "$global", global.FullName); break;
            case PyTorchObject opaque: WriteObject(json, opaque, depth, ancestors); break;
            default: WriteTagged(json, "$unknown", value.GetType().Name); break;
        }
    }

    private static void WriteDict(Utf8JsonWriter json, PyTorchDict dict, int depth, HashSet<object> ancestors)
    {
        json.WriteStartObject();
        foreach (var (key, item) in dict)
        {
            json.WritePropertyName(PyTorchLeaves.KeyName(key));
            WriteValue(json, item, depth + 1, ancestors);
        }

        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, IEnumerable<object?> items, int depth, HashSet<object> ancestors)
    {
        json.WriteStartArray();
        foreach (object? item in items)
        {
            WriteValue(json, item, depth + 1, ancestors);
        }

        json.WriteEndArray();
    }

    private static void WriteTensor(Utf8JsonWriter json, PyTorchTensor tensor)
    {
        json.WriteStartObject();
        json.WriteStartObject("$tensor");
        json.WriteString("dtype", tensor.DType.Name());
        json.WriteStartArray("shape");
        foreach (long size in tensor.Shape)
        {
            json.WriteNumberValue(size);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter json, PyTorchObject opaque, int depth, HashSet<object> ancestors)
    {
        if (OmegaConfContent(opaque) is { Found: true } content)
        {
            WriteValue(json, content.Value, depth + 1, ancestors);
            return;
        }

        json.WriteStartObject();
        json.WriteString("$object", opaque.Type.FullName);
        WriteMember(json, "args", opaque.Arguments is PyTorchTuple { Count: 0 } ? null : opaque.Arguments, depth, ancestors);
        WriteMember(json, "state", opaque.State, depth, ancestors);
        WriteMember(json, "items", opaque.ListItems, depth, ancestors);
        WriteMember(json, "entries", opaque.DictItems, depth, ancestors);
        json.WriteEndObject();
    }

    private static void WriteMember(Utf8JsonWriter json, string name, object? value, int depth, HashSet<object> ancestors)
    {
        if (value is not null)
        {
            json.WritePropertyName(name);
            WriteValue(json, value, depth + 1, ancestors);
        }
    }

    /// <summary>A DictConfig or ListConfig holds its children in <c>_content</c>; a leaf node holds its value in <c>_val</c>.</summary>
    private static (bool Found, object? Value) OmegaConfContent(PyTorchObject opaque)
    {
        if (!opaque.Type.Module.StartsWith("omegaconf", StringComparison.Ordinal) || opaque.State is not PyTorchDict state)
        {
            return (false, null);
        }

        if (state.TryGet("_content", out object? content))
        {
            return (true, content);
        }

        return state.TryGet("_val", out object? leaf) ? (true, leaf) : (false, null);
    }

    private static void WriteTagged(Utf8JsonWriter json, string tag, string value)
    {
        json.WriteStartObject();
        json.WriteString(tag, value);
        json.WriteEndObject();
    }
}

using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Ratchet.Tensors;

namespace Ratchet.PyTorch.Export;

/// <summary>Decodes torch-json (docs/pytorch.md) back into values to write, resolving each tensor reference to its
/// safetensors part. Strict: an opaque object, a class reference or a cycle marker cannot be written back and is refused.</summary>
internal sealed class TorchJsonDecoder(Func<string, SafetensorsFile> openPart, string source)
{
    public object? Decode(JsonElement element, int depth = 0)
    {
        if (depth > PyTorchLeaves.MaxDepth)
        {
            throw Refused("it nests too deeply");
        }

        return element.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => Number(element),
            JsonValueKind.Array => List(element, depth),
            JsonValueKind.Object => Tagged(element, depth),
            _ => throw Refused($"it holds a JSON {element.ValueKind}"),
        };
    }

    /// <summary>An integer literal is a Python int; anything with '.' or 'e' a float.</summary>
    private static object Number(JsonElement element)
    {
        string text = element.GetRawText();
        return text.IndexOfAny(['.', 'e', 'E']) < 0 && element.TryGetInt64(out long integer)
            ? (object)integer
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private PyTorchList List(JsonElement element, int depth)
    {
        var list = new PyTorchList();
        list.Items.AddRange(element.EnumerateArray().Select(item => Decode(item, depth + 1)));
        return list;
    }

    private object? Tagged(JsonElement element, int depth)
    {
        if (element.TryGetProperty("$dict", out var entries))
        {
            bool ordered = element.TryGetProperty("$class", out var type) && type.GetString() == "collections.OrderedDict";
            var dict = new PyTorchDict(ordered);
            foreach (var pair in entries.EnumerateArray())
            {
                dict.Set(Decode(pair[0], depth + 1), Decode(pair[1], depth + 1));
            }

            return dict;
        }

        var property = element.EnumerateObject().FirstOrDefault();
        return property.Name switch
        {
            "$tuple" => new PyTorchTuple([.. property.Value.EnumerateArray().Select(item => Decode(item, depth + 1))]),
            "$int" => BigInteger.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture),
            "$float" => property.Value.GetString() switch
            {
                "nan" => double.NaN,
                "inf" => double.PositiveInfinity,
                _ => double.NegativeInfinity,
            },
            "$bytes" => property.Value.GetBytesFromBase64(),
            "$device" => new PyTorchDevice(property.Value.GetString()!),
            "$tensor" => Tensor(property.Value),
            _ => throw Refused($"it holds {property.Name} {Describe(property.Value)}, which cannot be written back without its class"),
        };
    }

    private ExportTensor Tensor(JsonElement reference)
    {
        string part = reference.GetProperty("part").GetString()!;
        string name = reference.GetProperty("name").GetString()!;
        var file = openPart(part);
        if (!file.TryGetTensor(name, out var info))
        {
            throw Refused($"it refers to tensor '{name}' of part '{part}', which that part does not hold");
        }

        var dtype = PyTorchDTypes.FromTensorDType(info.DType) ?? throw Refused($"tensor '{name}' is {info.DType.FormatName()}, which PyTorch has no type for");
        return new ExportTensor(file, info, dtype);
    }

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : "";

    private PyTorchRefusedException Refused(string reason) =>
        new($"The checkpoint's {source} cannot be exported: {reason}. Nothing was written.", []);
}

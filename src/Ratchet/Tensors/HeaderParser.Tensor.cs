using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Ratchet.Tensors;

internal static partial class HeaderParser
{
    // Only dimensions of 0 and 1 keep a rank above 63 from overflowing a 64-bit size, so this cap turns away
    // nothing but degenerate shapes, while bounding the memory a hostile header can make the reader spend.
    private const int MaxRank = 1024;

    private static readonly string KnownDTypes = string.Join(", ", Enum.GetValues<TensorDType>().Select(d => d.FormatName()));

    private static TensorInfo ReadTensor(ref Utf8JsonReader reader, string name, string? source)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw FormatErrors.Tensor(source, name, $"its entry is {Describe(reader.TokenType)}, but must be an object with dtype, shape and data_offsets");
        }

        TensorDType? dtype = null;
        List<long>? shape = null;
        List<long>? offsets = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string field = GetString(ref reader, source);
            _ = Next(ref reader);
            switch (field)
            {
                case "dtype" when dtype is null:
                    dtype = ReadDType(ref reader, name, source);
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, name, "shape", MaxRank, source);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, name, "data_offsets", 2, source);
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw FormatErrors.Tensor(source, name, $"its entry has the field '{field}' more than once");
                default:
                    throw FormatErrors.Tensor(source, name, $"its entry has an unknown field '{FormatErrors.Quote(field)}'; only dtype, shape and data_offsets are allowed");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            string missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw FormatErrors.Tensor(source, name, $"its entry has no '{missing}'");
        }

        return Check(new TensorInfo(name, dtype.Value, shape.AsReadOnly(), offsets[0], offsets[1]), source);
    }

    private static TensorInfo Check(TensorInfo tensor, string? source)
    {
        string offsets = FormatErrors.Offsets(tensor.Begin, tensor.End);
        string shape = $"shape {FormatErrors.Shape(tensor.Shape)} of {tensor.DType.FormatName()}";
        if (tensor.End < tensor.Begin)
        {
            throw FormatErrors.Tensor(source, tensor.Name, $"its data offsets {offsets} end before they begin");
        }

        if (!TensorShapes.TryGetByteLength(tensor.DType, tensor.Shape, out long needed))
        {
            throw FormatErrors.Tensor(source, tensor.Name, $"its {shape} has more bytes than a 64-bit count can hold");
        }

        if (needed != tensor.ByteLength)
        {
            throw FormatErrors.Tensor(source, tensor.Name, $"its {shape} needs {needed} bytes, but its data offsets {offsets} span {tensor.ByteLength} bytes");
        }

        return tensor;
    }

    private static TensorDType ReadDType(ref Utf8JsonReader reader, string name, string? source)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw FormatErrors.Tensor(source, name, $"its dtype is {Describe(reader.TokenType)}, but must be a string");
        }

        string text = GetString(ref reader, source);
        return TensorDTypes.TryParse(text, out TensorDType dtype)
            ? dtype
            : throw FormatErrors.Tensor(source, name, $"its dtype '{FormatErrors.Quote(text)}' is not one of {KnownDTypes}");
    }

    /// <summary>Reads an array of non-negative integers: exactly <paramref name="count"/> of them for
    /// data_offsets, at most <paramref name="count"/> for a shape.</summary>
    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string field, int count, string? source)
    {
        bool exact = field == "data_offsets";
        string expectation = exact ? "an array of two non-negative integers" : "an array of non-negative integers";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw FormatErrors.Tensor(source, name, $"its {field} is {Describe(reader.TokenType)}, but must be {expectation}");
        }

        var values = new List<long>(exact ? count : 4);
        while (Next(ref reader) is var token && token != JsonTokenType.EndArray)
        {
            if (token != JsonTokenType.Number)
            {
                throw FormatErrors.Tensor(source, name, $"its {field} holds {Describe(token)}, but must be {expectation}");
            }

            if (values.Count == count)
            {
                throw FormatErrors.Tensor(source, name, exact
                    ? $"its {field} has more than two values"
                    : $"its {field} has more than {count} dimensions");
            }

            values.Add(ReadNonNegative(reader.ValueSpan, name, field, source));
        }

        if (exact && values.Count != count)
        {
            throw FormatErrors.Tensor(source, name, $"its {field} has {values.Count} values, but must have two");
        }

        return values;
    }

    private static long ReadNonNegative(ReadOnlySpan<byte> number, string name, string field, string? source)
    {
        if (number.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            throw FormatErrors.Tensor(source, name, $"its {field} holds {Text(number)}, which is not a non-negative integer");
        }

        return Utf8Parser.TryParse(number, out long value, out int consumed) && consumed == number.Length
            ? value
            : throw FormatErrors.Tensor(source, name, $"its {field} holds {Text(number)}, which is larger than a 64-bit size can be");

        static string Text(ReadOnlySpan<byte> number) =>
            number.Length > 40 ? Encoding.ASCII.GetString(number[..40]) + "..." : Encoding.ASCII.GetString(number);
    }
}

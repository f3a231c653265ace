using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace Ratchet.Tensors;

/// <summary>
/// Lays out a <see cref="TensorSet"/> the way the reference implementation does: tensors ordered by
/// dtype alignment (largest first) and then by name, the header JSON padded with spaces to a multiple
/// of 8 bytes so that the data section, and with it every tensor, is aligned for its element type.
/// </summary>
internal static class HeaderBuilder
{
    public const int LengthFieldSize = 8;
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>The length field, the padded header and the tensors in the order their bytes follow it.</summary>
    public static (ReadOnlyMemory<byte> Header, IReadOnlyList<NamedTensor> Order) Build(TensorSet tensors)
    {
        var ordered = tensors
            .Select(t => (Tensor: t, Name: HeaderText.Encode(t.Name, "Tensor name")))
            .OrderByDescending(t => ReferenceRank(t.Tensor.DType))
            .ThenBy(t => t.Name, Utf8Order.Instance)
            .ToList();

        var output = new ArrayBufferWriter<byte>(256 + (ordered.Count * 96));
        output.Advance(LengthFieldSize); // filled in once the length is known
        HeaderText.WriteAscii(output, "{");
        bool first = true;
        if (tensors.Metadata.Count > 0)
        {
            HeaderText.WriteString(output, HeaderText.Encode(TensorSet.MetadataKey, "Key"));
            HeaderText.WriteAscii(output, ":");
            WriteMetadata(output, tensors.Metadata);
            first = false;
        }

        long offset = 0;
        foreach (var (tensor, name) in ordered)
        {
            HeaderText.WriteAscii(output, first ? "" : ",");
            first = false;
            HeaderText.WriteString(output, name);
            string shape = string.Join(",", tensor.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
            long end = offset + tensor.Data.Length;
            HeaderText.WriteAscii(output, string.Create(
                CultureInfo.InvariantCulture,
                $":{{\"dtype\":\"{tensor.DType.FormatName()}\",\"shape\":[{shape}],\"data_offsets\":[{offset},{end}]}}"));
            offset = end;
        }

        HeaderText.WriteAscii(output, "}");
        int jsonLength = output.WrittenCount - LengthFieldSize;
        int padded = (jsonLength + 7) & ~7;
        if (padded > MaxHeaderLength)
        {
            throw new ArgumentException(
                $"The safetensors header would be {padded} bytes, more than the format's limit of {MaxHeaderLength}; use fewer tensors or less metadata.",
                nameof(tensors));
        }

        output.GetSpan(padded - jsonLength)[..(padded - jsonLength)].Fill((byte)' ');
        output.Advance(padded - jsonLength);
        byte[] header = output.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)padded);
        return (header, ordered.ConvertAll(t => t.Tensor));
    }

    /// <summary>The position of the dtype in the reference implementation's <c>Dtype</c> enum, which is in
    /// increasing alignment order; its writer sorts by this, descending.</summary>
    internal static int ReferenceRank(TensorDType dtype) => dtype switch
    {
        TensorDType.Bool => 0,
        TensorDType.U8 => 4,
        TensorDType.I8 => 5,
        TensorDType.F8E5M2 => 6,
        TensorDType.F8E4M3 => 7,
        TensorDType.I16 => 11,
        TensorDType.U16 => 12,
        TensorDType.F16 => 13,
        TensorDType.BF16 => 14,
        TensorDType.I32 => 15,
        TensorDType.U32 => 16,
        TensorDType.F32 => 17,
        TensorDType.F64 => 19,
        TensorDType.I64 => 20,
        TensorDType.U64 => 21,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a defined tensor dtype."),
    };

    private static void WriteMetadata(ArrayBufferWriter<byte> output, IDictionary<string, string> metadata)
    {
        var entries = metadata
            .Select(e => (Key: HeaderText.Encode(e.Key, "Metadata key"), Value: HeaderText.Encode(e.Value ?? throw NullValue(e.Key), "Metadata value")))
            .OrderBy(e => e.Key, Utf8Order.Instance);
        HeaderText.WriteAscii(output, "{");
        bool first = true;
        foreach (var (key, value) in entries)
        {
            HeaderText.WriteAscii(output, first ? "" : ",");
            first = false;
            HeaderText.WriteString(output, key);
            HeaderText.WriteAscii(output, ":");
            HeaderText.WriteString(output, value);
        }

        HeaderText.WriteAscii(output, "}");
    }

    private static ArgumentException NullValue(string key) =>
        new($"Metadata key '{FormatErrors.Quote(key)}' has a null value; safetensors metadata values are strings.");

    /// <summary>Byte order of UTF-8, which is code point order (unlike ordinal UTF-16 comparison).</summary>
    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}

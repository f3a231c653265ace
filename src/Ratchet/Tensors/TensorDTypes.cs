using System.Diagnostics.CodeAnalysis;

namespace Ratchet.Tensors;

/// <summary>Facts about <see cref="TensorDType"/> values: element size, header name, matching .NET types.</summary>
public static class TensorDTypes
{
    private static readonly Dictionary<string, TensorDType> ByFormatName =
        Enum.GetValues<TensorDType>().ToDictionary(FormatName, StringComparer.Ordinal);

    /// <summary>The size of one element in bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="TensorDType"/>.</exception>
    public static int ElementSize(this TensorDType dtype) => dtype switch
    {
        TensorDType.F64 or TensorDType.I64 or TensorDType.U64 => 8,
        TensorDType.F32 or TensorDType.I32 or TensorDType.U32 => 4,
        TensorDType.F16 or TensorDType.BF16 or TensorDType.I16 or TensorDType.U16 => 2,
        TensorDType.F8E4M3 or TensorDType.F8E5M2 or TensorDType.I8 or TensorDType.U8 or TensorDType.Bool => 1,
        _ => throw Undefined(dtype),
    };

    /// <summary>The name a safetensors header uses for the type, such as <c>F32</c> or <c>F8_E4M3</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="TensorDType"/>.</exception>
    public static string FormatName(this TensorDType dtype) => dtype switch
    {
        TensorDType.F8E4M3 => "F8_E4M3",
        TensorDType.F8E5M2 => "F8_E5M2",
        TensorDType.Bool => "BOOL",
        _ when Enum.IsDefined(dtype) => dtype.ToString(),
        _ => throw Undefined(dtype),
    };

    /// <summary>Finds the type a safetensors header names (exact, case-sensitive match).</summary>
    /// <returns><see langword="true"/> when <paramref name="formatName"/> is one of the format's type names.</returns>
    public static bool TryParse([NotNullWhen(true)] string? formatName, out TensorDType dtype)
    {
        dtype = default;
        return formatName is not null && ByFormatName.TryGetValue(formatName, out dtype);
    }

    /// <summary>
    /// The type whose elements are <typeparamref name="T"/>: <see cref="float"/> is <see cref="TensorDType.F32"/>,
    /// <see cref="ushort"/> is <see cref="TensorDType.U16"/>, <see cref="bool"/> is <see cref="TensorDType.Bool"/>,
    /// and so on.
    /// </summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not the element type of any dtype.</exception>
    public static TensorDType Of<T>()
        where T : unmanaged =>
        NaturalOf<T>() ?? throw new NotSupportedException(
            $"{typeof(T).Name} is not a tensor element type; use double, float, Half, long, int, short, sbyte, ulong, uint, ushort, byte or bool.");

    /// <summary>
    /// Whether elements of <paramref name="dtype"/> can be viewed as <typeparamref name="T"/>: its own .NET type,
    /// or, for the types .NET lacks, an unsigned integer of the same width holding the raw bits
    /// (<see cref="ushort"/> for <see cref="TensorDType.BF16"/>, <see cref="byte"/> for the 8-bit floats).
    /// </summary>
    public static bool CanView<T>(this TensorDType dtype)
        where T : unmanaged =>
        NaturalOf<T>() == dtype
        || (dtype == TensorDType.BF16 && typeof(T) == typeof(ushort))
        || (dtype is TensorDType.F8E4M3 or TensorDType.F8E5M2 && typeof(T) == typeof(byte));

    private static TensorDType? NaturalOf<T>()
        where T : unmanaged => default(T) switch
        {
            double => TensorDType.F64,
            float => TensorDType.F32,
            Half => TensorDType.F16,
            long => TensorDType.I64,
            int => TensorDType.I32,
            short => TensorDType.I16,
            sbyte => TensorDType.I8,
            ulong => TensorDType.U64,
            uint => TensorDType.U32,
            ushort => TensorDType.U16,
            byte => TensorDType.U8,
            bool => TensorDType.Bool,
            _ => null,
        };

    private static ArgumentOutOfRangeException Undefined(TensorDType dtype) =>
        new(nameof(dtype), dtype, "Not a defined tensor dtype.");
}

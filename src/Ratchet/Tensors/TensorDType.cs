namespace Ratchet.Tensors;

/// <summary>
/// The element types of the safetensors format. Every element is stored little-endian;
/// <see cref="TensorDTypes.FormatName"/> gives the name written in a file's header.
/// </summary>
public enum TensorDType
{
    /// <summary>64-bit IEEE 754 floating point (<c>F64</c>); .NET type <see cref="double"/>.</summary>
    F64,

    /// <summary>32-bit IEEE 754 floating point (<c>F32</c>); .NET type <see cref="float"/>.</summary>
    F32,

    /// <summary>16-bit IEEE 754 floating point (<c>F16</c>); .NET type <see cref="Half"/>.</summary>
    F16,

    /// <summary>16-bit brain floating point (<c>BF16</c>); read and written as raw bits through <see cref="ushort"/>.</summary>
    BF16,

    /// <summary>8-bit floating point, 4 exponent and 3 mantissa bits (<c>F8_E4M3</c>); raw bits through <see cref="byte"/>.</summary>
    F8E4M3,

    /// <summary>8-bit floating point, 5 exponent and 2 mantissa bits (<c>F8_E5M2</c>); raw bits through <see cref="byte"/>.</summary>
    F8E5M2,

    /// <summary>64-bit signed integer (<c>I64</c>); .NET type <see cref="long"/>.</summary>
    I64,

    /// <summary>32-bit signed integer (<c>I32</c>); .NET type <see cref="int"/>.</summary>
    I32,

    /// <summary>16-bit signed integer (<c>I16</c>); .NET type <see cref="short"/>.</summary>
    I16,

    /// <summary>8-bit signed integer (<c>I8</c>); .NET type <see cref="sbyte"/>.</summary>
    I8,

    /// <summary>64-bit unsigned integer (<c>U64</c>); .NET type <see cref="ulong"/>.</summary>
    U64,

    /// <summary>32-bit unsigned integer (<c>U32</c>); .NET type <see cref="uint"/>.</summary>
    U32,

    /// <summary>16-bit unsigned integer (<c>U16</c>); .NET type <see cref="ushort"/>.</summary>
    U16,

    /// <summary>8-bit unsigned integer (<c>U8</c>); .NET type <see cref="byte"/>.</summary>
    U8,

    /// <summary>Boolean stored as one byte, 0 or 1 (<c>BOOL</c>); .NET type <see cref="bool"/>.</summary>
    Bool,
}

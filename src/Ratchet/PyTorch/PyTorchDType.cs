using Ratchet.Tensors;

namespace Ratchet.PyTorch;

/// <summary>The element types PyTorch saves; <see cref="PyTorchDTypes.Name"/> gives torch's own name (<c>float32</c>).</summary>
#pragma warning disable CA1720 // the members are torch's own dtype names, which users search for
public enum PyTorchDType
{
    /// <summary><c>torch.float64</c> (<c>DoubleStorage</c>).</summary>
    Float64,

    /// <summary><c>torch.float32</c> (<c>FloatStorage</c>).</summary>
    Float32,

    /// <summary><c>torch.float16</c> (<c>HalfStorage</c>).</summary>
    Float16,

    /// <summary><c>torch.bfloat16</c> (<c>BFloat16Storage</c>).</summary>
    BFloat16,

    /// <summary><c>torch.int64</c> (<c>LongStorage</c>).</summary>
    Int64,

    /// <summary><c>torch.int32</c> (<c>IntStorage</c>).</summary>
    Int32,

    /// <summary><c>torch.int16</c> (<c>ShortStorage</c>).</summary>
    Int16,

    /// <summary><c>torch.int8</c> (<c>CharStorage</c>).</summary>
    Int8,

    /// <summary><c>torch.uint8</c> (<c>ByteStorage</c>).</summary>
    UInt8,

    /// <summary><c>torch.bool</c> (<c>BoolStorage</c>).</summary>
    Bool,

    /// <summary><c>torch.complex64</c> (<c>ComplexFloatStorage</c>): pairs of float32.</summary>
    Complex64,

    /// <summary><c>torch.complex128</c> (<c>ComplexDoubleStorage</c>): pairs of float64.</summary>
    Complex128,
}
#pragma warning restore CA1720

/// <summary>Facts about <see cref="PyTorchDType"/>: sizes, names, the storage classes that carry them, and safetensors' names.</summary>
public static class PyTorchDTypes
{
    private static readonly Dictionary<string, PyTorchDType> ByStorageClass = new(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = PyTorchDType.Float64,
        ["FloatStorage"] = PyTorchDType.Float32,
        ["HalfStorage"] = PyTorchDType.Float16,
        ["BFloat16Storage"] = PyTorchDType.BFloat16,
        ["LongStorage"] = PyTorchDType.Int64,
        ["IntStorage"] = PyTorchDType.Int32,
        ["ShortStorage"] = PyTorchDType.Int16,
        ["CharStorage"] = PyTorchDType.Int8,
        ["ByteStorage"] = PyTorchDType.UInt8,
        ["BoolStorage"] = PyTorchDType.Bool,
        ["ComplexFloatStorage"] = PyTorchDType.Complex64,
        ["ComplexDoubleStorage"] = PyTorchDType.Complex128,
    };

    /// <summary>The size of one element in bytes.</summary>
    public static int ElementSize(this PyTorchDType dtype) => dtype switch
    {
        PyTorchDType.Complex128 => 16,
        PyTorchDType.Float64 or PyTorchDType.Int64 or PyTorchDType.Complex64 => 8,
        PyTorchDType.Float32 or PyTorchDType.Int32 => 4,
        PyTorchDType.Float16 or PyTorchDType.BFloat16 or PyTorchDType.Int16 => 2,
        PyTorchDType.Int8 or PyTorchDType.UInt8 or PyTorchDType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a PyTorch dtype."),
    };

    /// <summary>torch's name without the <c>torch.</c> prefix: <c>float32</c>, <c>bfloat16</c>, <c>bool</c>, ...</summary>
    public static string Name(this PyTorchDType dtype) => dtype.ToString().ToLowerInvariant();

    /// <summary>The safetensors type with the same bytes, or <see langword="null"/> for the complex types safetensors lacks.</summary>
    public static TensorDType? ToTensorDType(this PyTorchDType dtype) => dtype switch
    {
        PyTorchDType.Float64 => TensorDType.F64,
        PyTorchDType.Float32 => TensorDType.F32,
        PyTorchDType.Float16 => TensorDType.F16,
        PyTorchDType.BFloat16 => TensorDType.BF16,
        PyTorchDType.Int64 => TensorDType.I64,
        PyTorchDType.Int32 => TensorDType.I32,
        PyTorchDType.Int16 => TensorDType.I16,
        PyTorchDType.Int8 => TensorDType.I8,
        PyTorchDType.UInt8 => TensorDType.U8,
        PyTorchDType.Bool => TensorDType.Bool,
        _ => null,
    };

    /// <summary>The PyTorch type with the same bytes as a safetensors type, or <see langword="null"/> when torch has none.</summary>
    public static PyTorchDType? FromTensorDType(TensorDType dtype) =>
        Enum.GetValues<PyTorchDType>().Cast<PyTorchDType?>().FirstOrDefault(candidate => candidate!.Value.ToTensorDType() == dtype);

    /// <summary>The storage class (<c>FloatStorage</c>) torch names for a dtype in its pickles.</summary>
    public static string StorageClass(this PyTorchDType dtype) => ByStorageClass.First(pair => pair.Value == dtype).Key;

    internal static bool TryFromStorageClass(string name, out PyTorchDType dtype) => ByStorageClass.TryGetValue(name, out dtype);
}

using Ratchet.Tensors;
using TorchSharp;

namespace Ratchet.TorchSharp;

/// <summary>TorchSharp's element types and the safetensors types with the same bytes.</summary>
internal static class TorchDTypes
{
    public static TensorDType ToTensorDType(torch.ScalarType type, string name) => type switch
    {
        torch.ScalarType.Float64 => TensorDType.F64,
        torch.ScalarType.Float32 => TensorDType.F32,
        torch.ScalarType.Float16 => TensorDType.F16,
        torch.ScalarType.BFloat16 => TensorDType.BF16,
        torch.ScalarType.Int64 => TensorDType.I64,
        torch.ScalarType.Int32 => TensorDType.I32,
        torch.ScalarType.Int16 => TensorDType.I16,
        torch.ScalarType.Int8 => TensorDType.I8,
        torch.ScalarType.Byte => TensorDType.U8,
        torch.ScalarType.Bool => TensorDType.Bool,
        _ => throw new NotSupportedException($"Tensor '{name}' is {type}, which a safetensors part cannot hold (complex types have no safetensors dtype)."),
    };

    public static torch.ScalarType ToScalarType(TensorDType dtype) => dtype switch
    {
        TensorDType.F64 => torch.ScalarType.Float64,
        TensorDType.F32 => torch.ScalarType.Float32,
        TensorDType.F16 => torch.ScalarType.Float16,
        TensorDType.BF16 => torch.ScalarType.BFloat16,
        TensorDType.I64 => torch.ScalarType.Int64,
        TensorDType.I32 => torch.ScalarType.Int32,
        TensorDType.I16 => torch.ScalarType.Int16,
        TensorDType.I8 => torch.ScalarType.Int8,
        TensorDType.U8 => torch.ScalarType.Byte,
        TensorDType.Bool => torch.ScalarType.Bool,
        _ => throw new NotSupportedException($"{dtype.FormatName()} has no TorchSharp element type."),
    };
}

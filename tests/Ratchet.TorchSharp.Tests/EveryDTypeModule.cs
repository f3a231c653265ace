using TorchSharp;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp.Tests;

/// <summary>A module with a parameter or buffer of every dtype TorchSharp has that safetensors can hold, a nested child
/// (dotted names), a scalar and an empty tensor.</summary>
internal sealed class EveryDTypeModule : nn.Module
{
    public static readonly ScalarType[] DTypes =
    [
        ScalarType.Float64, ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64, ScalarType.Int32,
        ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
    ];

    private readonly nn.Module _child;

    public EveryDTypeModule(long seed)
        : base(nameof(EveryDTypeModule))
    {
        using var generator = new Generator((ulong)seed);
        foreach (var dtype in DTypes)
        {
            var values = (rand(new long[] { 3, 5 }, generator: generator) * 100).to(dtype);
            register_buffer($"buffer_{dtype}", values);
        }

        register_buffer("scalar", tensor(seed * 1.5f));
        register_buffer("empty", zeros(0, 4));
        _child = nn.Linear(4, 3);
        using (no_grad())
        {
            foreach (var parameter in _child.parameters())
            {
                parameter.copy_(rand(parameter.shape, generator: generator));
            }
        }

        register_module("child", _child);
    }
}

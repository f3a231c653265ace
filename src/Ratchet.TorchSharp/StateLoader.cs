using Ratchet.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp;

/// <summary>Matches a saved tensor set against a module's state dict and copies what matches. Every check is made before
/// the first copy, so a strict load that fails leaves the module exactly as it was.</summary>
internal static class StateLoader
{
    /// <summary>A saved tensor's name, type and shape.</summary>
    public sealed record SavedTensor(string Name, TensorDType DType, IReadOnlyList<long> Shape);

    /// <summary>The bytes of a saved tensor, by name, in C order (a span over a verified array or a verified memory map).</summary>
    public delegate ReadOnlySpan<byte> BytesOf(string name);

    public static ModuleLoadResult Load(nn.Module module, TensorSet saved, string source, bool strict) =>
        Load(module, [.. saved.Select(tensor => new SavedTensor(tensor.Name, tensor.DType, tensor.Shape))], name => saved[name].Data.Span, source, strict);

    public static ModuleLoadResult Load(nn.Module module, IReadOnlyList<SavedTensor> saved, BytesOf bytesOf, string source, bool strict)
    {
        var state = module.state_dict();
        var names = saved.Select(tensor => tensor.Name).ToHashSet(StringComparer.Ordinal);
        var missing = state.Keys.Where(key => !names.Contains(key)).ToList();
        var unexpected = saved.Select(tensor => tensor.Name).Where(key => !state.ContainsKey(key)).ToList();
        var shapes = new List<string>();
        var dtypes = new List<string>();
        foreach (var tensor in saved.Where(tensor => state.ContainsKey(tensor.Name)))
        {
            var target = state[tensor.Name];
            if (!tensor.Shape.SequenceEqual(target.shape))
            {
                shapes.Add($"{tensor.Name}: saved {TorchCheckpointLoading.Shape(tensor.Shape)} vs module {TorchCheckpointLoading.Shape(target.shape)}");
            }
            else if (TorchDTypes.ToScalarType(tensor.DType) != target.dtype)
            {
                dtypes.Add($"{tensor.Name}: saved {tensor.DType.FormatName()} vs module {target.dtype}");
            }
        }

        var result = new ModuleLoadResult(missing, unexpected, shapes, dtypes);
        if (strict && !result.IsComplete)
        {
            throw new ModuleLoadException(Describe(result, source), result);
        }

        using (no_grad())
        {
            foreach (var tensor in saved.Where(tensor => state.ContainsKey(tensor.Name) && !shapes.Any(s => s.StartsWith(tensor.Name + ":", StringComparison.Ordinal))
                && !dtypes.Any(d => d.StartsWith(tensor.Name + ":", StringComparison.Ordinal))))
            {
                var target = state[tensor.Name];
                var bytes = bytesOf(tensor.Name);
                if (target.device_type == DeviceType.CPU && target.is_contiguous())
                {
                    target.bytes = Writable(bytes); // one copy, from the verified bytes into the parameter
                }
                else
                {
                    using var host = empty([.. tensor.Shape], TorchDTypes.ToScalarType(tensor.DType), CPU);
                    if (bytes.Length > 0)
                    {
                        host.bytes = Writable(bytes);
                    }

                    target.copy_(host);
                }
            }
        }

        return result;
    }

    /// <summary>A CPU tensor holding a saved tensor's bytes.</summary>
    public static Tensor ToTensor(NamedTensor tensor)
    {
        var host = empty([.. tensor.Shape], TorchDTypes.ToScalarType(tensor.DType), CPU);
        if (tensor.Data.Length > 0)
        {
            host.bytes = Writable(tensor.Data.Span);
        }

        return host;
    }

    /// <summary>TorchSharp's setter takes a writable span; it only reads from it.</summary>
    private static Span<byte> Writable(ReadOnlySpan<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data), data.Length);

    private static string Describe(ModuleLoadResult result, string source)
    {
        var lines = new List<string>();
        void Add(string label, IReadOnlyList<string> items)
        {
            if (items.Count > 0)
            {
                lines.Add($"{label} ({items.Count}): {string.Join("; ", items)}");
            }
        }

        Add("missing from the part", result.Missing);
        Add("unexpected in the part", result.Unexpected);
        Add("shape mismatches", result.ShapeMismatches);
        Add("dtype mismatches", result.DTypeMismatches);
        return $"The module does not match {source}; nothing was loaded. {string.Join(". ", lines)}. "
            + "Build the module with the configuration it was saved with, or load with strict: false to load what matches.";
    }
}

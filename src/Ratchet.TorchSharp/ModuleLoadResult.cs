namespace Ratchet.TorchSharp;

/// <summary>What a load matched and what it did not. A strict load that returns has every list empty.</summary>
/// <param name="Missing">State-dict keys of the module that the part lacks.</param>
/// <param name="Unexpected">Tensors of the part the module has no key for.</param>
/// <param name="ShapeMismatches">Keys whose shapes differ, as <c>key: part [..] vs module [..]</c>.</param>
/// <param name="DTypeMismatches">Keys whose element types differ, as <c>key: part F32 vs module Float16</c>.</param>
public sealed record ModuleLoadResult(
    IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> ShapeMismatches, IReadOnlyList<string> DTypeMismatches)
{
    /// <summary>Whether everything matched.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0 && DTypeMismatches.Count == 0;
}

/// <summary>A strict load found keys, shapes or dtypes that do not match; the module was left unchanged. The message lists
/// every problem (not only the first), with the checkpoint and part named.</summary>
public sealed class ModuleLoadException(string message, ModuleLoadResult result) : RatchetException(message)
{
    /// <summary>Every mismatch found.</summary>
    public ModuleLoadResult Result { get; } = result;
}

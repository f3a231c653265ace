using Ratchet.Tensors;

namespace Ratchet.PyTorch.Folders;

/// <summary>Turns the tensors under a value of a PyTorch file into a safetensors part: names are dotted paths relative to
/// the value, dtypes and bytes exactly as in the file (C order). Remembers where each tensor went, for torch-json.</summary>
internal sealed class TensorParts
{
    private readonly Dictionary<PyTorchTensor, (string Part, string Name)> _locations = new(ReferenceEqualityComparer.Instance);

    public TensorSet Collect(PyTorchFile file, string part, object? value) => Collect(file, part, value, onlyNew: false);

    /// <summary>The tensors under <paramref name="value"/> that no earlier part took, named by their full dotted path.</summary>
    public TensorSet CollectRemaining(PyTorchFile file, string part, object? value) => Collect(file, part, value, onlyNew: true);

    private TensorSet Collect(PyTorchFile file, string part, object? value, bool onlyNew)
    {
        var set = new TensorSet();
        foreach (var leaf in PyTorchLeaves.Flatten(value, file.Path))
        {
            if (leaf.Value is not PyTorchTensor tensor || (onlyNew && _locations.ContainsKey(tensor)))
            {
                continue;
            }

            var dtype = tensor.DType.ToTensorDType() ?? throw new PyTorchRefusedException(
                $"'{file.Path}' cannot be adopted: tensor '{leaf.Name}' is {tensor.DType.Name()}, which safetensors cannot hold.", []);
            set.Add(leaf.Name, dtype, tensor.Shape, file.ReadTensor(tensor));
            _locations.TryAdd(tensor, (part, leaf.Name));
        }

        return set;
    }

    /// <summary>The part and name a tensor was stored under.</summary>
    public (string Part, string Name) Locate(PyTorchTensor tensor) =>
        _locations.TryGetValue(tensor, out var location)
            ? location
            : throw new InvalidOperationException("A tensor outside every collected part was referenced.");
}

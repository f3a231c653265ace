using Ratchet.PyTorch;
using Ratchet.PyTorch.Folders;
using Ratchet.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp;

/// <summary>From PyTorch to TorchSharp: loads a state dict read from a <c>.pth</c> file (with the safe reader, so nothing in
/// the file runs) into a TorchSharp module, with the same strict key, shape and dtype checks as a checkpoint load. A model
/// trained in Python (an Applio generator, say) continues training in .NET.</summary>
public static class PyTorchModuleLoading
{
    /// <summary>Loads the state dict under <paramref name="key"/> of the file's root dict (Applio's <c>model</c>, Dora's
    /// <c>state</c>), or the root itself when <paramref name="key"/> is null.</summary>
    /// <exception cref="ModuleLoadException">A strict load found mismatches; the module is unchanged.</exception>
    /// <exception cref="PyTorchRefusedException">The state dict is missing or depends on classes outside the allow-list.</exception>
    public static ModuleLoadResult LoadStateDict(this nn.Module module, PyTorchFile file, string? key = "model", bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(file);
        object? state = key is null ? file.Root : StrictContent.Require(file, key);
        StrictContent.EnsurePlain(file, key ?? "(root)", state);
        if (state is not PyTorchDict dict)
        {
            throw new PyTorchRefusedException($"'{file.Path}': '{key}' is not a state dict (a dict of tensors).", []);
        }

        var tensors = new TensorSet();
        foreach (var (name, value) in dict)
        {
            if (value is not PyTorchTensor tensor)
            {
                continue; // a state dict holds only tensors; anything else is not module state
            }

            string tensorName = PyTorchLeaves.KeyName(name);
            var dtype = tensor.DType.ToTensorDType()
                ?? throw new NotSupportedException($"'{file.Path}': tensor '{tensorName}' is {tensor.DType.Name()}, which TorchSharp modules here cannot load.");
            tensors.Add(tensorName, dtype, tensor.Shape, file.ReadTensor(tensor));
        }

        return StateLoader.Load(module, tensors, $"'{key ?? "(root)"}' of '{file.Path}'", strict);
    }
}

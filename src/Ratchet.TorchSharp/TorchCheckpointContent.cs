using Ratchet.Checkpoints;
using Ratchet.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp;

/// <summary>Adds TorchSharp state to a checkpoint: a module's full state dict, an optimizer's state, the random generators.</summary>
public static class TorchCheckpointContent
{
    /// <summary>The part name <see cref="AddTorchRandom"/> uses unless told otherwise.</summary>
    public const string RandomPartName = "torch.random";

    /// <summary>Adds <paramref name="module"/>'s state dict (parameters and buffers, names exactly as <c>state_dict()</c>
    /// gives them) as a safetensors part. CPU tensors are written straight from native memory; a CUDA tensor is copied to
    /// the host in bounded chunks first. The module must not change until the save returns.</summary>
    /// <exception cref="NotSupportedException">A tensor is complex, which safetensors cannot hold, or larger than 2 GiB.</exception>
    public static CheckpointContent AddModule(this CheckpointContent content, string name, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(module);
        return content.Add(TensorsPart(name, module.state_dict()));
    }

    /// <summary>Adds an optimizer's state (Adam, AdamW, SGD and every other TorchSharp optimizer): each parameter group's
    /// options (learning rate, betas, weight decay, ...) and each parameter's state (step, exp_avg, exp_avg_sq, momentum
    /// buffers), in TorchSharp's own state-dict encoding, bit-exact.</summary>
    public static CheckpointContent AddOptimizer(this CheckpointContent content, string name, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }

        return content.AddBytes(name, buffer.ToArray());
    }

    /// <summary>Adds the state of the default CPU generator (tensor <c>default</c>) and of each named generator (a data
    /// loader's shuffling generator, say) as one tensors part.</summary>
    public static CheckpointContent AddTorchRandom(this CheckpointContent content, IReadOnlyDictionary<string, Generator>? generators = null, string name = RandomPartName)
    {
        ArgumentNullException.ThrowIfNull(content);
        var states = new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["default"] = random.get_rng_state() };
        foreach (var (key, generator) in generators ?? new Dictionary<string, Generator>())
        {
            states[key] = generator.get_state();
        }

        return content.Add(TensorsPart(name, states));
    }

    /// <summary>A tensors part written from the tensors' native memory. The part holds the host tensors, so that copies
    /// made for it (from CUDA, from strided views) live exactly as long as the part that will write them.</summary>
    private static CheckpointPart TensorsPart(string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var set = TensorSetOf(tensors, out var hosts);
        return CheckpointPart.FromWriter(name, PartKind.Tensors, async (stream, cancellationToken) =>
        {
            await SafetensorsWriter.WriteAsync(stream, set, cancellationToken).ConfigureAwait(false);
            GC.KeepAlive(hosts);
        }, set.Sum(tensor => (long)tensor.Data.Length));
    }

    /// <summary>A tensor set over the tensors' native memory (host copies made where needed and kept in <paramref name="hostCopies"/>).</summary>
    internal static TensorSet TensorSetOf(IReadOnlyDictionary<string, Tensor> tensors, out List<Tensor> hostCopies)
    {
        var set = new TensorSet();
        hostCopies = [];
        foreach (var (key, tensor) in tensors)
        {
            var host = HostTensors.ToHostContiguous(tensor);
            hostCopies.Add(host);
            long bytes = host.numel() * host.element_size();
            if (bytes > int.MaxValue)
            {
                throw new NotSupportedException($"Tensor '{key}' holds {bytes} bytes; a tensors part holds tensors of at most 2 GiB each. Split it, or save it with AddStream.");
            }

            var memory = bytes == 0 ? ReadOnlyMemory<byte>.Empty : new NativeMemory(DataPointer(host), (int)bytes).Memory;
            set.Add(key, TorchDTypes.ToTensorDType(host.dtype, key), host.shape, memory);
        }

        return set;
    }

    private static unsafe IntPtr DataPointer(Tensor tensor)
    {
        fixed (byte* pointer = tensor.bytes)
        {
            return (IntPtr)pointer;
        }
    }
}

using System.Globalization;
using Ratchet.Checkpoints;
using Ratchet.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp;

/// <summary>Loads TorchSharp state back from a checkpoint. Every part is verified against the checkpoint's checksums as it
/// is read, before anything reaches libtorch.</summary>
public static class TorchCheckpointLoading
{
    /// <summary>Loads a module's state dict from a tensors part. Strict by default: any missing, unexpected, shape- or
    /// dtype-mismatched key throws <see cref="ModuleLoadException"/> listing all of them, and the module is left unchanged.
    /// With <paramref name="strict"/> false, what matches is loaded and the rest returned. A local part is memory-mapped; a
    /// part in an object store (<see cref="Checkpoint.CanMapTensors"/> false) is read into memory.</summary>
    /// <exception cref="ModuleLoadException">A strict load found mismatches.</exception>
    /// <exception cref="CheckpointCorruptException">The part fails verification.</exception>
    public static async Task<ModuleLoadResult> LoadModuleAsync(this Checkpoint checkpoint, string name, nn.Module module, bool strict = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(module);
        if (!checkpoint.CanMapTensors)
        {
            // A run in an object store (s3://): the part streams once into memory, verified as it is read.
            var tensors = await checkpoint.ReadTensorsAsync(name, cancellationToken).ConfigureAwait(false);
            return StateLoader.Load(module, tensors, $"part '{name}' of checkpoint step {checkpoint.Step}", strict);
        }

        // First the whole part through its checksum (a pass over a small reused buffer), then the tensors copied from the
        // memory map straight into the parameters: nothing reaches libtorch before the part is verified, and the bytes
        // are copied once instead of through a managed array.
        await VerifyPartAsync(checkpoint, name, cancellationToken).ConfigureAwait(false);
        using var mapped = checkpoint.MapTensors(name);
        var saved = mapped.Tensors.Select(tensor => new StateLoader.SavedTensor(tensor.Name, tensor.DType, tensor.Shape)).ToList();
        return StateLoader.Load(module, saved, mapped.GetBytes, $"part '{name}' of checkpoint step {checkpoint.Step}", strict);
    }

    /// <summary>Loads an optimizer's state saved by <see cref="TorchCheckpointContent.AddOptimizer"/>. The optimizer must
    /// have been built over the same parameters, in the same order, with the same kind (AdamW for AdamW).</summary>
    /// <exception cref="CheckpointCorruptException">The part fails verification.</exception>
    public static async Task LoadOptimizerAsync(this Checkpoint checkpoint, string name, OptimizerHelper optimizer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(optimizer);
        byte[] bytes = await checkpoint.ReadBytesAsync(name, cancellationToken).ConfigureAwait(false);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        try
        {
            optimizer.load_state_dict(reader);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new ModuleLoadException(
                $"Part '{name}' of checkpoint step {checkpoint.Step} does not fit this optimizer ({error.Message}). Build the optimizer of the same "
                + "kind over the same parameters in the same order as when it was saved.", new ModuleLoadResult([], [], [], []));
        }
    }

    /// <summary>Restores the default CPU generator and each named generator from <see cref="TorchCheckpointContent.AddTorchRandom"/>'s part.</summary>
    /// <exception cref="ModuleLoadException">A named generator has no saved state.</exception>
    public static async Task RestoreTorchRandomAsync(
        this Checkpoint checkpoint, IReadOnlyDictionary<string, Generator>? generators = null, string name = TorchCheckpointContent.RandomPartName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var tensors = await checkpoint.ReadTensorsAsync(name, cancellationToken).ConfigureAwait(false);
        var missing = (generators?.Keys ?? []).Append("default").Where(key => !tensors.Contains(key)).ToList();
        if (missing.Count > 0)
        {
            throw new ModuleLoadException($"Part '{name}' of checkpoint step {checkpoint.Step} has no state for generator(s) {string.Join(", ", missing)}.",
                new ModuleLoadResult(missing, [], [], []));
        }

        random.set_rng_state(StateLoader.ToTensor(tensors["default"]));
        foreach (var (key, generator) in generators ?? new Dictionary<string, Generator>())
        {
            generator.set_state(StateLoader.ToTensor(tensors[key]));
        }
    }

    private static async Task VerifyPartAsync(Checkpoint checkpoint, string name, CancellationToken cancellationToken)
    {
        var stream = checkpoint.OpenPart(name);
        await using var scope = stream.ConfigureAwait(false);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
                // Reading to the end runs the length and checksum check, which throws on any difference.
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(size => size.ToString(CultureInfo.InvariantCulture))) + "]";
}

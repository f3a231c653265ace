using System.Text.Json;

namespace Ratchet.Checkpoints;

/// <summary>Everything one checkpoint will hold: its step and epoch, its parts and the metrics at save time.</summary>
public sealed class CheckpointContent
{
    private readonly List<CheckpointPart> _parts = [];
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);

    /// <summary>Starts the content of the checkpoint for <paramref name="step"/>.</summary>
    /// <param name="step">The global step, the checkpoint's identity; must be newer than every committed one.</param>
    /// <param name="epoch">The epoch at save time.</param>
    public CheckpointContent(long step, long epoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Step = step;
        Epoch = epoch;
    }

    /// <summary>The global step.</summary>
    public long Step { get; }

    /// <summary>The epoch.</summary>
    public long Epoch { get; }

    /// <summary>The parts, in the order they will be written.</summary>
    public IReadOnlyList<CheckpointPart> Parts => _parts;

    /// <summary>The metrics to record in the manifest.</summary>
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <summary>Adds a part; names must be unique within a checkpoint.</summary>
    public CheckpointContent Add(CheckpointPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (_parts.Exists(existing => existing.Name == part.Name))
        {
            throw new ArgumentException($"The checkpoint already has a part named '{part.Name}'.", nameof(part));
        }

        _parts.Add(part);
        return this;
    }

    /// <summary>Adds a part holding the given bytes.</summary>
    public CheckpointContent AddBytes(string name, ReadOnlyMemory<byte> bytes) => Add(CheckpointPart.FromBytes(name, bytes));

    /// <summary>Adds a part read from a stream while saving.</summary>
    public CheckpointContent AddStream(string name, Stream source) => Add(CheckpointPart.FromStream(name, source));

    /// <summary>Adds a part holding tensors in the safetensors format.</summary>
    public CheckpointContent AddTensors(string name, Tensors.TensorSet tensors) => Add(CheckpointPart.FromTensors(name, tensors));

    /// <summary>Adds a part holding a value as JSON.</summary>
    public CheckpointContent AddJson<T>(string name, T value, JsonSerializerOptions? options = null) =>
        Add(CheckpointPart.FromJson(name, value, options));

    /// <summary>Records a metric (for keep-best retention, the CLI and the history).</summary>
    public CheckpointContent SetMetric(string name, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _metrics[name] = value;
        return this;
    }
}

using System.Text.Json;

namespace Ratchet.Checkpoints;

/// <summary>A named byte stream to be saved inside a checkpoint. The bytes are produced only while the save
/// streams them to disk, so a part never needs to be held in memory whole unless it already is.</summary>
public sealed class CheckpointPart
{
    private readonly Func<Stream, CancellationToken, Task> _write;

    private CheckpointPart(string name, PartKind kind, long? knownLength, Func<Stream, CancellationToken, Task> write, bool isHandedOver = false)
    {
        PartNames.Validate(name, nameof(name));
        Name = name;
        Kind = kind;
        KnownLength = knownLength;
        _write = write;
        IsHandedOver = isHandedOver;
    }

    /// <summary>The part's name: letters, digits, '.', '_' and '-', not starting with '.'.</summary>
    public string Name { get; }

    /// <summary>What the bytes are; decides the file extension.</summary>
    public PartKind Kind { get; }

    /// <summary>The length when known in advance (used by the free-space check), otherwise null.</summary>
    public long? KnownLength { get; }

    /// <summary>True when the caller promised (<see cref="HandOver"/>) that what the part reads stays unchanged until the
    /// save commits.</summary>
    public bool IsHandedOver { get; }

    /// <summary>The same part, with the caller's promise that what it reads (its array, stream or tensors) stays unchanged
    /// until the save commits: a snapshot save then writes it in the background without copying it first, so the
    /// training loop does not wait for it at all. Use it for state the next step does not touch.</summary>
    public CheckpointPart HandOver() => new(Name, Kind, KnownLength, _write, isHandedOver: true);

    /// <summary>A part holding the given bytes.</summary>
    public static CheckpointPart FromBytes(string name, ReadOnlyMemory<byte> bytes) =>
        new(name, PartKind.Bytes, bytes.Length, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask());

    /// <summary>A part whose bytes are read from <paramref name="source"/> (from its current position to its end)
    /// while the save runs. The stream is not disposed.</summary>
    public static CheckpointPart FromStream(string name, Stream source, PartKind kind = PartKind.Bytes)
    {
        ArgumentNullException.ThrowIfNull(source);
        long? length = source.CanSeek ? source.Length - source.Position : null;
        return new(name, kind, length, (stream, ct) => PipelinedCopy.CopyAsync(source, stream, ct));
    }

    /// <summary>A part holding <paramref name="value"/> serialized as UTF-8 JSON.</summary>
    public static CheckpointPart FromJson<T>(string name, T value, JsonSerializerOptions? options = null)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, options);
        return new(name, PartKind.Json, json.Length, (stream, ct) => stream.WriteAsync(json, ct).AsTask());
    }

    /// <summary>A part holding a set of tensors as a safetensors file, streamed (and checksummed) as it is written.</summary>
    public static CheckpointPart FromTensors(string name, Tensors.TensorSet tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return new(name, PartKind.Tensors, tensors.Sum(tensor => (long)tensor.Data.Length),
            (stream, ct) => Tensors.SafetensorsWriter.WriteAsync(stream, tensors, ct));
    }

    /// <summary>A part produced by a callback that writes its bytes into the stream it is given (for example a
    /// tensor serializer). The callback must not dispose the stream.</summary>
    public static CheckpointPart FromWriter(string name, PartKind kind, Func<Stream, CancellationToken, Task> write, long? knownLength = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        return new(name, kind, knownLength, write);
    }

    internal Task WriteToAsync(Stream destination, CancellationToken cancellationToken) => _write(destination, cancellationToken);
}

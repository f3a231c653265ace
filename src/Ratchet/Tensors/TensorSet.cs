using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Ratchet.Tensors;

/// <summary>
/// Named tensors and a string metadata map: what <see cref="SafetensorsWriter"/> writes and what
/// <see cref="SafetensorsReader"/> returns. Tensors keep the order they were added in; the writer orders
/// them the way the format's reference implementation does. Data is not copied: an array passed to
/// <c>Add</c> must not change until it has been written.
/// </summary>
public sealed class TensorSet : IReadOnlyCollection<NamedTensor>
{
    /// <summary>The key the format reserves for the metadata map; no tensor may use it.</summary>
    public const string MetadataKey = "__metadata__";

    private readonly List<NamedTensor> _tensors = [];
    private readonly Dictionary<string, NamedTensor> _byName = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata, written as the header's <c>__metadata__</c> map (omitted when empty).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The number of tensors.</summary>
    public int Count => _tensors.Count;

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The set has no such tensor.</exception>
    public NamedTensor this[string name] =>
        _byName.TryGetValue(name, out NamedTensor? tensor)
            ? tensor
            : throw new KeyNotFoundException($"The tensor set has no tensor named '{FormatErrors.Quote(name)}'.");

    /// <summary>Finds a tensor by name.</summary>
    public bool TryGetValue(string name, [NotNullWhen(true)] out NamedTensor? tensor) => _byName.TryGetValue(name, out tensor);

    /// <summary>Whether the set has a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The elements of tensor <paramref name="name"/> as <typeparamref name="T"/> (see <see cref="NamedTensor.AsSpan{T}"/>).</summary>
    /// <exception cref="KeyNotFoundException">The set has no such tensor.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the tensor's dtype.</exception>
    public ReadOnlySpan<T> GetSpan<T>(string name)
        where T : unmanaged => this[name].AsSpan<T>();

    /// <summary>Adds a tensor given as raw little-endian bytes.</summary>
    /// <exception cref="ArgumentException">The name is taken, reserved or not valid Unicode; a dimension is negative;
    /// or the byte count is not the shape's element count times the dtype's size.</exception>
    public TensorSet Add(string name, TensorDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        _ = dtype.ElementSize(); // rejects undefined values before they reach a header
        CheckName(name);
        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"The set already has a tensor named '{FormatErrors.Quote(name)}'.", nameof(name));
        }

        long[] dimensions = [.. shape];
        if (Array.FindIndex(dimensions, d => d < 0) is var negative and >= 0)
        {
            throw new ArgumentException($"Dimension {negative} of tensor '{FormatErrors.Quote(name)}' is {dimensions[negative]}; dimensions cannot be negative.", nameof(shape));
        }

        if (!TensorShapes.TryGetByteLength(dtype, dimensions, out long expected))
        {
            throw new ArgumentException($"Tensor '{FormatErrors.Quote(name)}' of shape {FormatErrors.Shape(dimensions)} has more bytes than a 64-bit count can hold.", nameof(shape));
        }

        if (expected != data.Length)
        {
            throw new ArgumentException(
                $"Tensor '{FormatErrors.Quote(name)}' of shape {FormatErrors.Shape(dimensions)} and dtype {dtype.FormatName()} needs {expected} bytes, but {data.Length} were given.",
                nameof(data));
        }

        AddChecked(new NamedTensor(name, dtype, Array.AsReadOnly(dimensions), data));
        return this;
    }

    /// <summary>Adds a tensor whose dtype follows from <typeparamref name="T"/> (see <see cref="TensorDTypes.Of{T}"/>).</summary>
    /// <exception cref="ArgumentException">As for the byte overload, counting elements instead of bytes.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a tensor element type.</exception>
    public TensorSet Add<T>(string name, IReadOnlyList<long> shape, T[] data)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return Add(name, TensorDTypes.Of<T>(), shape, new ReadOnlyMemory<T>(data));
    }

    /// <summary>Adds a tensor whose dtype follows from <typeparamref name="T"/> (see <see cref="TensorDTypes.Of{T}"/>).</summary>
    /// <exception cref="ArgumentException">As for the byte overload, counting elements instead of bytes.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a tensor element type.</exception>
    public TensorSet Add<T>(string name, IReadOnlyList<long> shape, ReadOnlyMemory<T> data)
        where T : unmanaged => Add(name, TensorDTypes.Of<T>(), shape, data);

    /// <summary>
    /// Adds a tensor of <paramref name="dtype"/> from elements of <typeparamref name="T"/>, which must be able to
    /// view it (see <see cref="TensorDTypes.CanView{T}"/>): a <c>ushort[]</c> of raw bits for <see cref="TensorDType.BF16"/>, say.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> cannot hold <paramref name="dtype"/>, or as for the byte overload.</exception>
    public TensorSet Add<T>(string name, TensorDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<T> data)
        where T : unmanaged
    {
        if (!dtype.CanView<T>())
        {
            throw new ArgumentException($"{typeof(T).Name} elements cannot hold a {dtype.FormatName()} tensor.", nameof(data));
        }

        if (!BitConverter.IsLittleEndian && Unsafe.SizeOf<T>() > 1)
        {
            throw new PlatformNotSupportedException("Typed tensors need a little-endian machine; add the little-endian bytes instead.");
        }

        if ((long)data.Length * Unsafe.SizeOf<T>() > int.MaxValue)
        {
            throw new ArgumentException($"Tensor '{FormatErrors.Quote(name)}' is larger than 2 GiB; split it into several tensors.", nameof(data));
        }

        return Add(name, dtype, shape, ByteMemory<T>.From(data));
    }

    /// <inheritdoc />
    public IEnumerator<NamedTensor> GetEnumerator() => _tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a tensor whose header entry was already validated by the reader.</summary>
    internal void AddValidated(TensorInfo info, byte[] data) =>
        AddChecked(new NamedTensor(info.Name, info.DType, info.Shape, data));

    private void AddChecked(NamedTensor tensor)
    {
        _byName.Add(tensor.Name, tensor);
        _tensors.Add(tensor);
    }

    private static void CheckName(string name)
    {
        if (name == MetadataKey)
        {
            throw new ArgumentException($"'{MetadataKey}' is reserved for the metadata map and cannot name a tensor.", nameof(name));
        }

        if (!HeaderText.IsWellFormed(name))
        {
            throw new ArgumentException($"Tensor name '{FormatErrors.Quote(name)}' contains an unpaired surrogate and cannot be written as UTF-8.", nameof(name));
        }
    }
}

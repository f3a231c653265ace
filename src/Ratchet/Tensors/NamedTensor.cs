namespace Ratchet.Tensors;

/// <summary>A tensor held in memory by a <see cref="TensorSet"/>: its name, type, shape and bytes.</summary>
public sealed class NamedTensor
{
    internal NamedTensor(string name, TensorDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>The tensor's name, unique within its set.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorDType DType { get; }

    /// <summary>The size of each dimension; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The elements in row-major order, little-endian; exactly the product of the shape times the element size.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The elements viewed as <typeparamref name="T"/> (see <see cref="TensorDTypes.CanView{T}"/>).</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the dtype, or the bytes are not aligned for it.</exception>
    /// <exception cref="SafetensorsFormatException">A <see cref="TensorDType.Bool"/> element is neither 0 nor 1.</exception>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged => TypedView.Cast<T>(Data.Span, DType, Name, source: null);
}

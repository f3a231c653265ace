namespace Ratchet.PyTorch;

/// <summary>A tensor in a PyTorch file: where its elements are and how they are laid out. Its bytes are read through the
/// <see cref="PyTorchFile"/> that holds it (<see cref="PyTorchFile.CopyTensorTo"/>), always in C order.</summary>
public sealed class PyTorchTensor
{
    internal PyTorchTensor(PyTorchStorage storage, long storageOffset, long[] shape, long[] strides)
    {
        Storage = storage;
        StorageOffset = storageOffset;
        Shape = Array.AsReadOnly(shape);
        Strides = Array.AsReadOnly(strides);
    }

    /// <summary>The element type.</summary>
    public PyTorchDType DType => Storage.DType;

    /// <summary>The size of each dimension; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The step, in elements, between neighbours along each dimension.</summary>
    public IReadOnlyList<long> Strides { get; }

    /// <summary>Where the first element is in the storage, in elements.</summary>
    public long StorageOffset { get; }

    /// <summary>Whether it was saved as an <c>nn.Parameter</c>.</summary>
    public bool IsParameter { get; internal set; }

    /// <summary>Whether it was saved with <c>requires_grad</c> set.</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>The number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (count, size) => count * size);

    /// <summary>The number of bytes in C order: elements times element size.</summary>
    public long ByteLength => ElementCount * DType.ElementSize();

    /// <summary>The storage's key in the file; tensors sharing a storage share the key.</summary>
    public string StorageKey => Storage.Key;

    internal PyTorchStorage Storage { get; }

    /// <summary>Whether the elements lie in C order with no gaps, so the bytes are one run of the storage.</summary>
    internal bool IsContiguous
    {
        get
        {
            long expected = 1;
            for (int dimension = Shape.Count - 1; dimension >= 0; dimension--)
            {
                if (Shape[dimension] != 1 && Strides[dimension] != expected)
                {
                    return false;
                }

                expected *= Shape[dimension];
            }

            return true;
        }
    }
}

/// <summary>A storage: a run of elements of one dtype at a place in the file (known once the archive is laid out).</summary>
internal sealed class PyTorchStorage(string key, PyTorchDType dtype, long elementCount)
{
    public string Key { get; } = key;

    public PyTorchDType DType { get; } = dtype;

    public long ElementCount { get; } = elementCount;

    public long ByteLength => ElementCount * DType.ElementSize();

    /// <summary>Where its first byte is in the file; -1 until the archive has placed it.</summary>
    public long FileOffset { get; set; } = -1;
}

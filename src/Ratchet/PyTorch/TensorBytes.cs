using Ratchet.Tensors;

namespace Ratchet.PyTorch;

/// <summary>Walks a tensor's elements in C order over the mapped file, handing out chunks of at most
/// <see cref="ChunkBytes"/>: one run of the storage for a contiguous tensor, row by row for a strided view.</summary>
internal static class TensorBytes
{
    internal const int ChunkBytes = 1 << 20;

    internal delegate void ChunkAction(ReadOnlySpan<byte> chunk);

    public static void ForEachChunk(MappedData map, PyTorchTensor tensor, ChunkAction action)
    {
        long total = tensor.ByteLength;
        if (total == 0)
        {
            return;
        }

        int elementSize = tensor.DType.ElementSize();
        long start = tensor.Storage.FileOffset + (tensor.StorageOffset * elementSize);
        if (tensor.IsContiguous)
        {
            for (long done = 0; done < total; done += ChunkBytes)
            {
                action(map.Slice(start + done, (int)Math.Min(ChunkBytes, total - done)));
            }

            return;
        }

        CopyStrided(map, tensor, start, elementSize, action);
    }

    private static void CopyStrided(MappedData map, PyTorchTensor tensor, long start, int elementSize, ChunkAction action)
    {
        int rank = tensor.Shape.Count;
        long rowLength = tensor.Shape[rank - 1];
        long rowStride = tensor.Strides[rank - 1];
        var buffer = new byte[Math.Max(ChunkBytes, elementSize)];
        int filled = 0;
        var index = new long[rank - 1];
        while (true)
        {
            long rowStart = start;
            for (int dimension = 0; dimension < rank - 1; dimension++)
            {
                rowStart += index[dimension] * tensor.Strides[dimension] * elementSize;
            }

            for (long element = 0; element < rowLength; element++)
            {
                if (filled + elementSize > buffer.Length)
                {
                    action(buffer.AsSpan(0, filled));
                    filled = 0;
                }

                map.Slice(rowStart + (element * rowStride * elementSize), elementSize).CopyTo(buffer.AsSpan(filled));
                filled += elementSize;
            }

            if (!Advance(index, tensor.Shape))
            {
                break;
            }
        }

        action(buffer.AsSpan(0, filled));
    }

    /// <summary>Steps the odometer over every dimension but the last; false when it wraps around.</summary>
    private static bool Advance(long[] index, IReadOnlyList<long> shape)
    {
        for (int dimension = index.Length - 1; dimension >= 0; dimension--)
        {
            if (++index[dimension] < shape[dimension])
            {
                return true;
            }

            index[dimension] = 0;
        }

        return false;
    }
}

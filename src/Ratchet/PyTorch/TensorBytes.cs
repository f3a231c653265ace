using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Ratchet.Tensors;

namespace Ratchet.PyTorch;

/// <summary>Walks a tensor's elements in C order, handing out chunks of at most <see cref="ChunkBytes"/>. A contiguous
/// tensor is one run of the file, read with pread (for a cached file that is a plain copy, while touching a memory map
/// first faults every page in); a strided view is gathered row by row from the memory map.</summary>
internal static class TensorBytes
{
    internal const int ChunkBytes = 1 << 20;

    internal delegate void ChunkAction(ReadOnlySpan<byte> chunk);

    public static void ForEachChunk(MappedData map, SafeFileHandle handle, PyTorchTensor tensor, ChunkAction action)
    {
        long total = tensor.ByteLength;
        if (total == 0)
        {
            return;
        }

        int elementSize = tensor.DType.ElementSize();
        long start = Start(tensor);
        if (!tensor.IsContiguous)
        {
            CopyStrided(map, tensor, start, elementSize, action);
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, total));
        try
        {
            for (long done = 0; done < total; done += ChunkBytes)
            {
                var chunk = buffer.AsSpan(0, (int)Math.Min(ChunkBytes, total - done));
                ReadExactly(handle, chunk, start + done);
                action(chunk);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the tensor into <paramref name="destination"/> (exactly its byte length): straight from the file for a
    /// contiguous tensor, gathered from the memory map for a strided one.</summary>
    public static void ReadInto(MappedData map, SafeFileHandle handle, PyTorchTensor tensor, Span<byte> destination)
    {
        if (tensor.IsContiguous)
        {
            ReadExactly(handle, destination, Start(tensor));
            return;
        }

        if (destination.Length > 0)
        {
            Gather(map, tensor, Start(tensor), tensor.DType.ElementSize(), 0, checked((int)(tensor.ElementCount / tensor.Shape[^1])), destination);
        }
    }

    private static long Start(PyTorchTensor tensor) => tensor.Storage.FileOffset + (tensor.StorageOffset * tensor.DType.ElementSize());

    /// <summary>The extents were checked against the file when it was opened; a short read means it shrank since.</summary>
    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (destination.Length > 0)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new PyTorchDamagedException("The file ended before a tensor's last byte: it was truncated after it was opened.");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>A strided view, gathered in runs of whole rows (the innermost dimension) of at most a chunk.</summary>
    private static void CopyStrided(MappedData map, PyTorchTensor tensor, long start, int elementSize, ChunkAction action)
    {
        long rowBytes = tensor.Shape[^1] * elementSize;
        long rows = tensor.ElementCount / tensor.Shape[^1];
        int rowsPerChunk = (int)Math.Max(1, ChunkBytes / Math.Max(1, rowBytes));
        var buffer = new byte[checked((int)Math.Min(rows, rowsPerChunk) * rowBytes)];
        for (long row = 0; row < rows; row += rowsPerChunk)
        {
            int count = (int)Math.Min(rowsPerChunk, rows - row);
            var chunk = buffer.AsSpan(0, (int)(count * rowBytes));
            Gather(map, tensor, start, elementSize, row, count, chunk);
            action(chunk);
        }
    }

    /// <summary>Copies rows <paramref name="firstRow"/> onwards of a view into <paramref name="destination"/> in C order.
    /// Every address was checked against the storage when the file was opened (the view's extent).</summary>
    private static unsafe void Gather(MappedData map, PyTorchTensor tensor, long start, int elementSize, long firstRow, int rowCount, Span<byte> destination)
    {
        int rank = tensor.Shape.Count;
        long rowLength = tensor.Shape[rank - 1];
        long step = tensor.Strides[rank - 1] * elementSize;
        var index = new long[rank - 1];
        long remainder = firstRow;
        for (int dimension = rank - 2; dimension >= 0; dimension--)
        {
            index[dimension] = remainder % tensor.Shape[dimension];
            remainder /= tensor.Shape[dimension];
        }

        fixed (byte* target = destination)
        {
            byte* output = target;
            for (int row = 0; row < rowCount; row++)
            {
                long rowStart = start;
                for (int dimension = 0; dimension < rank - 1; dimension++)
                {
                    rowStart += index[dimension] * tensor.Strides[dimension] * elementSize;
                }

                byte* input = map.PointerAt(rowStart);
                output = CopyRow(input, output, rowLength, step, elementSize);
                _ = Advance(index, tensor.Shape);
            }
        }
    }

    private static unsafe byte* CopyRow(byte* input, byte* output, long count, long step, int elementSize)
    {
        switch (elementSize)
        {
            case 4:
                for (long i = 0; i < count; i++, input += step, output += 4)
                {
                    *(uint*)output = Unsafe.ReadUnaligned<uint>(input);
                }

                return output;
            case 2:
                for (long i = 0; i < count; i++, input += step, output += 2)
                {
                    *(ushort*)output = Unsafe.ReadUnaligned<ushort>(input);
                }

                return output;
            default:
                for (long i = 0; i < count; i++, input += step, output += elementSize)
                {
                    Buffer.MemoryCopy(input, output, elementSize, elementSize);
                }

                return output;
        }
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

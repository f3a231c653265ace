using TorchSharp;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp;

/// <summary>
/// Brings a tensor's elements to the host in C order. A contiguous CPU tensor is used as is (its native memory is written
/// directly); anything else (a CUDA tensor, a strided view) is first made a contiguous CPU tensor. For a CUDA tensor that
/// copy is done in chunks of at most <see cref="ChunkElements"/> elements along its first dimension, so the device never
/// needs a second full copy; the CUDA path itself is untested on this project's machines (no GPU), the chunking is.
/// </summary>
internal static class HostTensors
{
    /// <summary>About 64 MiB of float32 per chunk.</summary>
    internal const long ChunkElements = 16L << 20;

    public static Tensor ToHostContiguous(Tensor tensor, long chunkElements = ChunkElements)
    {
        if (tensor.device_type == DeviceType.CPU)
        {
            return tensor.is_contiguous() ? tensor.alias() : tensor.contiguous();
        }

        return CopyInChunks(tensor, chunkElements);
    }

    /// <summary>A contiguous host copy made in chunks along the first dimension (the CUDA path; testable on CPU).</summary>
    internal static Tensor CopyInChunks(Tensor tensor, long chunkElements)
    {
        var host = empty(tensor.shape, tensor.dtype, CPU);
        if (tensor.Dimensions == 0 || tensor.numel() <= chunkElements)
        {
            host.copy_(tensor);
            return host;
        }

        long rowElements = Math.Max(1, tensor.numel() / tensor.shape[0]);
        long rowsPerChunk = Math.Max(1, chunkElements / rowElements);
        for (long start = 0; start < tensor.shape[0]; start += rowsPerChunk)
        {
            long length = Math.Min(rowsPerChunk, tensor.shape[0] - start);
            using var slice = tensor.narrow(0, start, length);
            using var target = host.narrow(0, start, length);
            target.copy_(slice);
        }

        return host;
    }
}

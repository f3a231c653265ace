using System.Buffers;

namespace Ratchet.TorchSharp;

/// <summary>Native tensor memory seen as <see cref="Memory{T}"/>, so the safetensors writer streams it straight into the
/// part file: no copy of the tensor is made in managed memory. The owner keeps the tensor alive until the save returns.</summary>
internal sealed unsafe class NativeMemory(IntPtr pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new((void*)pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new((byte*)pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}

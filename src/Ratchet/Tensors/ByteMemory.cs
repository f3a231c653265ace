using System.Buffers;
using System.Runtime.InteropServices;

namespace Ratchet.Tensors;

/// <summary>
/// Views typed memory (a <c>float[]</c>, say) as bytes without copying, so the writer can stream a
/// caller's arrays straight to the destination.
/// </summary>
internal sealed class ByteMemory<T> : MemoryManager<byte>
    where T : unmanaged
{
    private readonly ReadOnlyMemory<T> _elements;

    private ByteMemory(ReadOnlyMemory<T> elements) => _elements = elements;

    public static ReadOnlyMemory<byte> From(ReadOnlyMemory<T> elements) =>
        typeof(T) == typeof(byte)
            ? (ReadOnlyMemory<byte>)(object)elements
            : new ByteMemory<T>(elements).Memory;

    public override Span<byte> GetSpan() =>
        MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(_elements.Span), _elements.Length));

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        MemoryHandle inner = _elements.Pin();
        return new MemoryHandle((byte*)inner.Pointer + elementIndex, pinnable: new Release(inner));
    }

    public override void Unpin()
    {
        // Each handle from Pin releases its own pin through Release.
    }

    protected override void Dispose(bool disposing)
    {
        // Nothing is owned: the elements belong to the caller.
    }

    private sealed class Release(MemoryHandle inner) : IPinnable
    {
        public MemoryHandle Pin(int elementIndex) => throw new NotSupportedException();

        public void Unpin() => inner.Dispose();
    }
}

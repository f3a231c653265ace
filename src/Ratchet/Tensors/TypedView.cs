using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ratchet.Tensors;

/// <summary>Reinterprets a tensor's bytes as elements, after checking that the element type fits.</summary>
internal static class TypedView
{
    public static unsafe ReadOnlySpan<T> Cast<T>(ReadOnlySpan<byte> bytes, TensorDType dtype, string name, string? source)
        where T : unmanaged
    {
        if (!dtype.CanView<T>())
        {
            throw new InvalidOperationException(
                $"Tensor '{FormatErrors.Quote(name)}' holds {dtype.FormatName()} elements, which cannot be read as {typeof(T).Name}; " +
                "use the matching element type or read the raw bytes.");
        }

        if (!BitConverter.IsLittleEndian && sizeof(T) > 1)
        {
            throw new PlatformNotSupportedException("Typed tensor views need a little-endian machine; read the raw bytes instead.");
        }

        // Safetensors writers that follow the reference align every tensor to its element size; other files may not,
        // and not every platform tolerates misaligned loads.
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
        if (address % (nuint)sizeof(T) != 0)
        {
            throw new InvalidOperationException(
                $"Tensor '{FormatErrors.Quote(name)}' is not aligned to its {sizeof(T)}-byte elements in this file; read the raw bytes and copy them instead.");
        }

        ReadOnlySpan<T> elements = MemoryMarshal.Cast<byte, T>(bytes);
        if (typeof(T) == typeof(bool))
        {
            // A bool holding 2 breaks comparisons in .NET, so a view is only handed out over clean 0/1 bytes.
            int bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0)
            {
                throw FormatErrors.Tensor(source, name, $"BOOL element {bad} is {bytes[bad]}, but BOOL elements must be 0 or 1");
            }
        }

        return elements;
    }
}

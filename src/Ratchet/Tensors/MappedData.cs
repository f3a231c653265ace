using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Ratchet.Tensors;

/// <summary>
/// A read-only memory map of a whole file and a stable pointer to its first byte, held until disposed.
/// The map starts at offset 0, which is page-aligned, so a data section at an 8-byte-aligned file offset
/// is 8-byte-aligned in memory too.
/// </summary>
internal sealed unsafe class MappedData : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _pointer;

    private MappedData(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer)
    {
        _file = file;
        _view = view;
        _pointer = pointer;
    }

    /// <summary>Maps the first <paramref name="length"/> bytes (more than zero) of an open file.</summary>
    public static MappedData Map(SafeFileHandle handle, long length)
    {
        var file = MemoryMappedFile.CreateFromFile(handle, mapName: null, length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedData(file, view, pointer + view.PointerOffset);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>The bytes at <paramref name="offset"/>; the caller has checked the range against the map.</summary>
    public ReadOnlySpan<byte> Slice(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    /// <summary>The address of the byte at <paramref name="offset"/>, for loops that gather scattered elements; the
    /// caller has checked every address it will form against the map, and keeps this object alive while using it.</summary>
    public byte* PointerAt(long offset)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return _pointer + offset;
    }

    public void Dispose()
    {
        if (_pointer is null)
        {
            return;
        }

        _pointer = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}

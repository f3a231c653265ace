using System.Buffers.Binary;
using System.Text;

namespace Ratchet.PyTorch.Export;

/// <summary>
/// Writes the zip archive torch.save writes: every entry stored (not compressed) with its CRC-32, and each entry's data
/// starting on a 64-byte boundary, padded with an extra field as torch's own writer pads it, so that a loader can map
/// tensors in place. Files past 4 GiB would need ZIP64 and are refused with a clear error.
/// </summary>
internal sealed class TorchZipWriter(Stream output)
{
    private const int Alignment = 64;
    private const ushort PaddingFieldId = 0x4246; // "FB", the id torch's writer uses for its alignment padding

    private readonly List<(byte[] Name, uint Crc, long Size, long Offset)> _entries = [];
    private long _position;

    public void Add(string name, byte[] data) => Add(name, data.Length, ZipCrc32.Append(0, data), target => target.Write(data));

    /// <summary>Adds an entry whose bytes <paramref name="writeData"/> writes; its CRC is computed beforehand, as the
    /// local header that precedes the data must carry it.</summary>
    public void Add(string name, long size, uint crc, SpanWriter writeData)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        EnsureFits(_position + size + 30 + nameBytes.Length + Alignment + 4);
        long offset = _position;
        int padding = Padding(offset + 30 + nameBytes.Length + 4);
        Span<byte> header = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20); // version needed: 2.0
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0); // flags
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 0); // stored
        BinaryPrimitives.WriteUInt32LittleEndian(header[10..], 0); // time and date: fixed, so exports are reproducible
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(4 + padding));
        Write(header);
        Write(nameBytes);
        Span<byte> extra = stackalloc byte[4 + padding];
        extra.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(extra, PaddingFieldId);
        BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)padding);
        Write(extra);
        writeData(new CountingTarget(this));
        _entries.Add((nameBytes, crc, size, offset));
    }

    /// <summary>Writes the central directory and the end record.</summary>
    public void Finish()
    {
        long directoryOffset = _position;
        Span<byte> header = stackalloc byte[46];
        foreach (var (name, crc, size, offset) in _entries)
        {
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20); // made by
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 20); // needed
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)size);
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)size);
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], (uint)offset);
            Write(header);
            Write(name);
        }

        long directorySize = _position - directoryOffset;
        EnsureFits(_position + 22);
        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directoryOffset);
        Write(end);
    }

    internal delegate void SpanWriter(CountingTarget target);

    private static int Padding(long dataStartWithoutPadding) =>
        (int)((Alignment - (dataStartWithoutPadding % Alignment)) % Alignment);

    private static void EnsureFits(long end)
    {
        if (end >= uint.MaxValue || end < 0)
        {
            throw new NotSupportedException("The exported file would pass 4 GiB, which needs ZIP64; exporting files that large is not supported yet.");
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        _position += bytes.Length;
    }

    /// <summary>Where an entry's data goes: the archive's stream, with the position kept.</summary>
    internal readonly struct CountingTarget(TorchZipWriter writer)
    {
        public void Write(ReadOnlySpan<byte> bytes) => writer.Write(bytes);
    }
}

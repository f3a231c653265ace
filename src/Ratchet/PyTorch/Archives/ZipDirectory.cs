using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ratchet.Tensors;

namespace Ratchet.PyTorch.Archives;

/// <summary>One entry of a zip archive: where its bytes are, read from the central directory and the local header.</summary>
internal sealed record ZipEntry(string Name, long DataOffset, long Size, bool IsStored);

/// <summary>
/// Reads a zip archive's central directory (ZIP64 included, as torch writes archives past 4 GiB) over a memory map,
/// checking every offset and length against the file. A file without an end-of-central-directory record was cut off:
/// torch.save writes the directory last, so a crash mid-save leaves exactly that.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;

    public static IReadOnlyList<ZipEntry> Read(MappedData map, long fileLength, string source)
    {
        long end = FindEnd(map, fileLength) ?? throw new PyTorchDamagedException(
            $"'{source}' is damaged: truncated, with no zip central directory (a crash during torch.save leaves this). "
            + "Use an older checkpoint; this one cannot be repaired.");
        var record = map.Slice(end, 22);
        long count = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        if ((count == 0xFFFF || directoryOffset == 0xFFFFFFFF || directorySize == 0xFFFFFFFF) && end >= 20)
        {
            (count, directorySize, directoryOffset) = ReadZip64End(map, end, fileLength, source);
        }

        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > end)
        {
            throw Damaged(source, "its central directory lies outside the file");
        }

        var entries = new List<ZipEntry>((int)Math.Min(count, 1 << 16));
        long position = directoryOffset;
        for (long index = 0; index < count; index++)
        {
            entries.Add(ReadEntry(map, ref position, directoryOffset + directorySize, fileLength, source));
        }

        return entries;
    }

    private static long? FindEnd(MappedData map, long fileLength)
    {
        long lowest = Math.Max(0, fileLength - 22 - 0xFFFF);
        for (long position = fileLength - 22; position >= lowest; position--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(map.Slice(position, 4)) == EndSignature)
            {
                return position;
            }
        }

        return null;
    }

    private static (long Count, long Size, long Offset) ReadZip64End(MappedData map, long end, long fileLength, string source)
    {
        var locator = map.Slice(end - 20, 20);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            throw Damaged(source, "its ZIP64 locator is missing");
        }

        long recordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        if (recordOffset < 0 || recordOffset + 56 > fileLength || BinaryPrimitives.ReadUInt32LittleEndian(map.Slice(recordOffset, 4)) != Zip64EndSignature)
        {
            throw Damaged(source, "its ZIP64 end record is missing");
        }

        var record = map.Slice(recordOffset, 56);
        return (BinaryPrimitives.ReadInt64LittleEndian(record[32..]), BinaryPrimitives.ReadInt64LittleEndian(record[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(record[48..]));
    }

    private static ZipEntry ReadEntry(MappedData map, ref long position, long directoryEnd, long fileLength, string source)
    {
        if (position + 46 > directoryEnd || BinaryPrimitives.ReadUInt32LittleEndian(map.Slice(position, 4)) != CentralSignature)
        {
            throw Damaged(source, "its central directory is cut short");
        }

        var header = map.Slice(position, 46);
        int method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        long next = position + 46 + nameLength + extraLength + commentLength;
        if (next > directoryEnd)
        {
            throw Damaged(source, "its central directory is cut short");
        }

        string name = Encoding.UTF8.GetString(map.Slice(position + 46, nameLength));
        ReadZip64Extra(map.Slice(position + 46 + nameLength, extraLength), ref size, ref compressed, ref localOffset);
        position = next;
        if (localOffset < 0 || localOffset + 30 > fileLength || BinaryPrimitives.ReadUInt32LittleEndian(map.Slice(localOffset, 4)) != LocalSignature)
        {
            throw Damaged(source, $"the local header of entry '{name}' is missing");
        }

        var local = map.Slice(localOffset, 30);
        long dataOffset = localOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
        if (compressed < 0 || dataOffset + compressed > fileLength)
        {
            throw Damaged(source, string.Create(CultureInfo.InvariantCulture, $"entry '{name}' runs past the end of the file"));
        }

        return new ZipEntry(name, dataOffset, method == 0 ? compressed : size, method == 0 && compressed == size);
    }

    /// <summary>The ZIP64 extra field holds, in order, only the sizes and offset whose 32-bit fields are saturated.</summary>
    private static void ReadZip64Extra(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
            var data = extra.Slice(4, length);
            if (id == 1)
            {
                int at = 0;
                size = NextIfSaturated(data, size, ref at);
                compressed = NextIfSaturated(data, compressed, ref at);
                offset = NextIfSaturated(data, offset, ref at);
            }

            extra = extra[(4 + length)..];
        }
    }

    private static long NextIfSaturated(ReadOnlySpan<byte> data, long value, ref int at)
    {
        if (value != 0xFFFFFFFF || at + 8 > data.Length)
        {
            return value;
        }

        value = BinaryPrimitives.ReadInt64LittleEndian(data[at..]);
        at += 8;
        return value;
    }

    private static PyTorchDamagedException Damaged(string source, string reason) =>
        new($"'{source}' is damaged: {reason}. Use an older checkpoint; this one cannot be read.");
}

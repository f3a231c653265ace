using System.Buffers.Binary;
using Ratchet.Checksums;

namespace Ratchet.TensorBoard;

/// <summary>
/// TensorBoard's record framing (TFRecord): a little-endian 64-bit length, the masked CRC-32C of those 8 bytes, the data,
/// and the masked CRC-32C of the data. The mask is <c>((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8</c>.
/// </summary>
internal static class EventRecords
{
    public static byte[] Frame(ReadOnlySpan<byte> data)
    {
        var record = new byte[8 + 4 + data.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Mask(Crc32C.Compute(record.AsSpan(0, 8))));
        data.CopyTo(record.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12 + data.Length), Mask(Crc32C.Compute(data)));
        return record;
    }

    private static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8);
}

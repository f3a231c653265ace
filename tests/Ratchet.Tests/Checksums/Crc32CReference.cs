namespace Ratchet.Tests.Checksums;

/// <summary>
/// CRC-32C straight from its definition, one byte per table step, with the table derived bit by bit.
/// Slow and obviously right: the yardstick the fast implementation is checked against.
/// </summary>
internal static class Crc32CReference
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78 : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

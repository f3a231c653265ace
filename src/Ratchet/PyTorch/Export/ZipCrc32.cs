namespace Ratchet.PyTorch.Export;

/// <summary>The CRC-32 zip entries carry (IEEE 802.3, reflected, polynomial 0xEDB88320), slicing by 8 bytes.</summary>
internal static class ZipCrc32
{
    private static readonly uint[][] Tables = BuildTables();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        var t = Tables;
        while (data.Length >= 8)
        {
            uint low = crc ^ (uint)(data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24));
            crc = t[7][low & 0xFF] ^ t[6][(low >> 8) & 0xFF] ^ t[5][(low >> 16) & 0xFF] ^ t[4][low >> 24]
                ^ t[3][data[4]] ^ t[2][data[5]] ^ t[1][data[6]] ^ t[0][data[7]];
            data = data[8..];
        }

        foreach (byte value in data)
        {
            crc = t[0][(crc ^ value) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        tables[0] = new uint[256];
        for (uint index = 0; index < 256; index++)
        {
            uint value = index;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? 0xEDB88320 ^ (value >> 1) : value >> 1;
            }

            tables[0][index] = value;
        }

        for (int table = 1; table < 8; table++)
        {
            tables[table] = new uint[256];
            for (int index = 0; index < 256; index++)
            {
                uint previous = tables[table - 1][index];
                tables[table][index] = tables[0][previous & 0xFF] ^ (previous >> 8);
            }
        }

        return tables;
    }
}

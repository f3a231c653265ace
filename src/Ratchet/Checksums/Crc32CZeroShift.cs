using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ratchet.Checksums;

/// <summary>
/// Advances a raw CRC-32C register over a fixed number of zero bytes in four table lookups instead of
/// one crc32 step per 8 bytes. Multiplying by a constant mod P is linear over GF(2), so the product
/// splits into the XOR of the products of the register's four bytes, each read from a 256-entry table.
/// </summary>
internal sealed class Crc32CZeroShift
{
    private readonly uint[] _table = new uint[4 * 256];

    /// <summary>Builds the operator for <paramref name="byteCount"/> zero bytes.</summary>
    public Crc32CZeroShift(long byteCount)
    {
        ByteCount = byteCount;
        uint factor = Crc32CMath.XPowerOfBytes(byteCount);
        for (int lane = 0; lane < 4; lane++)
        {
            for (uint value = 0; value < 256; value++)
            {
                _table[(lane * 256) + (int)value] = Crc32CMath.Multiply(factor, value << (8 * lane));
            }
        }
    }

    /// <summary>The number of zero bytes this operator skips.</summary>
    public long ByteCount { get; }

    /// <summary>Returns the register after <see cref="ByteCount"/> zero bytes were fed to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Apply(uint crc)
    {
        // The table has exactly 1024 entries and every index below is masked into its quarter, so the
        // bounds checks the JIT cannot prove away are skipped.
        ref uint table = ref MemoryMarshal.GetArrayDataReference(_table);
        return Unsafe.Add(ref table, (int)(crc & 0xFF))
            ^ Unsafe.Add(ref table, 256 + (int)((crc >> 8) & 0xFF))
            ^ Unsafe.Add(ref table, 512 + (int)((crc >> 16) & 0xFF))
            ^ Unsafe.Add(ref table, 768 + (int)(crc >> 24));
    }
}

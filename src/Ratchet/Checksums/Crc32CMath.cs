namespace Ratchet.Checksums;

/// <summary>
/// Arithmetic on CRC-32C values as polynomials over GF(2) modulo the Castagnoli polynomial, in the
/// reflected bit order the crc32 instruction uses (bit 31 is x^0). A CRC register is linear in its
/// input, so appending n zero bytes multiplies the register by x^(8n); that one fact is what lets
/// independently computed CRCs be stitched together.
/// </summary>
internal static class Crc32CMath
{
    /// <summary>The Castagnoli polynomial 0x1EDC6F41, reflected.</summary>
    public const uint Polynomial = 0x82F63B78;

    /// <summary>The polynomial 1 (x^0) in reflected order.</summary>
    private const uint One = 1u << 31;

    // XPowers[k] = x^(2^k) mod P. A long byte count is under 2^63 bytes = 2^66 bits, so k stays below 67.
    private static readonly uint[] XPowers = BuildXPowers();

    /// <summary>Returns a * b mod P.</summary>
    public static uint Multiply(uint a, uint b)
    {
        uint product = 0;
        for (uint mask = One; mask != 0; mask >>= 1)
        {
            if ((a & mask) != 0)
            {
                product ^= b;
            }

            // b *= x, reducing as the x^32 term falls off the reflected end.
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return product;
    }

    /// <summary>Returns x^(8 * <paramref name="byteCount"/>) mod P: the factor that appending that many zero bytes applies.</summary>
    public static uint XPowerOfBytes(long byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);

        // Square-and-multiply over the bits of 8n; index 3 is x^8, one byte.
        uint result = One;
        for (int k = 3; byteCount != 0; byteCount >>= 1, k++)
        {
            if ((byteCount & 1) != 0)
            {
                result = Multiply(XPowers[k], result);
            }
        }

        return result;
    }

    private static uint[] BuildXPowers()
    {
        var powers = new uint[67];
        powers[0] = One >> 1; // x^1
        for (int k = 1; k < powers.Length; k++)
        {
            powers[k] = Multiply(powers[k - 1], powers[k - 1]);
        }

        return powers;
    }
}

namespace Ratchet.Checksums;

/// <summary>
/// CRC-32C (Castagnoli; the checksum of iSCSI, ext4 and SCTP) computed incrementally, so a
/// checkpoint part can be checksummed while it streams to disk rather than re-read afterwards.
/// Any split of the input into <see cref="Append"/> calls gives the same <see cref="Current"/>.
/// </summary>
/// <remarks>Not thread-safe: one instance follows one stream.</remarks>
internal sealed partial class Crc32C
{
    // The standard CRC-32C conditioning: the register starts all ones and is inverted on the way out,
    // so leading and trailing zero bytes still change the checksum.
    private const uint InitialRegister = 0xFFFFFFFF;

    private uint _register = InitialRegister;

    /// <summary>The CRC-32C of everything appended so far (0 when nothing has been).</summary>
    public uint Current => ~_register;

    /// <summary>Feeds the next bytes of the stream.</summary>
    public void Append(ReadOnlySpan<byte> data) => _register = Update(_register, data);

    /// <summary>Returns the CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(InitialRegister, data);

    /// <summary>
    /// Returns the CRC-32C of A followed by B, given only the CRC-32C of each and the length of B.
    /// Costs O(log <paramref name="lengthB"/>), independent of the data.
    /// </summary>
    /// <param name="crcA">CRC-32C of the first part.</param>
    /// <param name="crcB">CRC-32C of the second part.</param>
    /// <param name="lengthB">Length of the second part in bytes; not negative.</param>
    public static uint Combine(uint crcA, uint crcB, long lengthB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthB);

        // The conditioning constants cancel: crc(A||B) = crc(A) * x^(8|B|) xor crc(B).
        return Crc32CMath.Multiply(Crc32CMath.XPowerOfBytes(lengthB), crcA) ^ crcB;
    }
}

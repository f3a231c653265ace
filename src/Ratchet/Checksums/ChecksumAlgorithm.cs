namespace Ratchet.Checksums;

/// <summary>How the bytes of each checkpoint part are checksummed.</summary>
public enum ChecksumAlgorithm
{
    /// <summary>CRC-32C (Castagnoli), hardware accelerated; detects any accidental damage. The default.</summary>
    Crc32C,

    /// <summary>SHA-256; slower, for users who want a cryptographic digest of every part.</summary>
    Sha256,
}

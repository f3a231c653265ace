using System.Globalization;
using System.Security.Cryptography;

namespace Ratchet.Checksums;

/// <summary>Computes a part's checksum while its bytes stream past, rendered as <c>algorithm:hex</c>
/// (docs/on-disk-format.md, "Checksums").</summary>
internal abstract class IncrementalChecksum : IDisposable
{
    public const string Crc32CPrefix = "crc32c:";
    public const string Sha256Prefix = "sha256:";

    public abstract void Append(ReadOnlySpan<byte> data);

    public abstract string Finish();

    public virtual void Dispose()
    {
    }

    public static IncrementalChecksum Create(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32C => new Crc32CChecksum(),
        ChecksumAlgorithm.Sha256 => new Sha256Checksum(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>Reads the algorithm from a rendered checksum; null when the text is not a well-formed checksum.</summary>
    public static ChecksumAlgorithm? AlgorithmOf(string rendered)
    {
        if (rendered.StartsWith(Crc32CPrefix, StringComparison.Ordinal) && IsLowerHex(rendered.AsSpan(Crc32CPrefix.Length), 8))
        {
            return ChecksumAlgorithm.Crc32C;
        }

        if (rendered.StartsWith(Sha256Prefix, StringComparison.Ordinal) && IsLowerHex(rendered.AsSpan(Sha256Prefix.Length), 64))
        {
            return ChecksumAlgorithm.Sha256;
        }

        return null;
    }

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool IsLowerHex(ReadOnlySpan<char> text, int length) =>
        text.Length == length && !text.ContainsAnyExcept(LowerHex);

    private sealed class Crc32CChecksum : IncrementalChecksum
    {
        private readonly Crc32C _crc = new();

        public override void Append(ReadOnlySpan<byte> data) => _crc.Append(data);

        public override string Finish() => Crc32CPrefix + _crc.Current.ToString("x8", CultureInfo.InvariantCulture);
    }

    private sealed class Sha256Checksum : IncrementalChecksum
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public override string Finish() => Sha256Prefix + Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override void Dispose()
        {
            _hash.Dispose();
            base.Dispose();
        }
    }
}

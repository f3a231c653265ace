using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ratchet.Checkpoints;

/// <summary>
/// The integrity envelope around a manifest body (docs/on-disk-format.md, "manifest.json"): a fixed first
/// line carrying the SHA-256 of the body's exact bytes, the body, then a fixed last line. Because the whole
/// file must equal the envelope rebuilt from the body, any flipped, missing or extra byte is detected.
/// </summary>
internal static class ManifestEnvelope
{
    public const string Format = "ratchet-checkpoint";
    public const int FormatVersion = 1;

    /// <summary>The version of a sharded checkpoint's manifest (its parts carry ranks).</summary>
    public const int ShardedFormatVersion = 2;

    private static readonly byte[] Suffix = "\n}\n"u8.ToArray();

    public static byte[] Wrap(ReadOnlySpan<byte> body, int version = FormatVersion)
    {
        byte[] prefix = Prefix(version, Convert.ToHexStringLower(SHA256.HashData(body)));
        return [.. prefix, .. body, .. Suffix];
    }

    /// <summary>Returns the body's bytes and format version after checking the envelope byte for byte.</summary>
    public static (ReadOnlyMemory<byte> Body, int Version) Unwrap(ReadOnlyMemory<byte> file, string path)
    {
        var header = ReadHeader(file.Span, path);
        if (header.Version is not (FormatVersion or ShardedFormatVersion))
        {
            throw Error(path, $"its format_version is {header.Version}, but this version of Ratchet reads only versions {FormatVersion} and {ShardedFormatVersion}. Upgrade Ratchet to read it");
        }

        byte[] prefix = Prefix(header.Version, header.BodySha256);
        int bodyLength = file.Length - prefix.Length - Suffix.Length;
        if (bodyLength < 2 || !file.Span.StartsWith(prefix) || !file.Span.EndsWith(Suffix))
        {
            throw Error(path, "its envelope is not byte-for-byte what Ratchet writes (an extra, missing or altered byte outside the body)");
        }

        var body = file.Slice(prefix.Length, bodyLength);
        string actual = Convert.ToHexStringLower(SHA256.HashData(body.Span));
        if (actual != header.BodySha256)
        {
            throw Error(path, $"the SHA-256 of its body is {actual} but the manifest records {header.BodySha256}: a byte of the manifest was altered or lost");
        }

        return (body, header.Version);
    }

    private static byte[] Prefix(int version, string bodySha256) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"format\":\"{Format}\",\"format_version\":{version},\"body_sha256\":\"{bodySha256}\",\"body\":\n"));

    private static (int Version, string BodySha256) ReadHeader(ReadOnlySpan<byte> file, string path)
    {
        int newline = file.IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw Error(path, "it has no header line (the file is empty, truncated or not a manifest)");
        }

        // The first line is the envelope's opening; it is parsed by position because it is fixed text.
        string line = Encoding.UTF8.GetString(file[..newline]);
        const string formatPart = "{\"format\":\"" + Format + "\",\"format_version\":";
        if (!line.StartsWith(formatPart, StringComparison.Ordinal))
        {
            throw Error(path, $"its first line does not start with {formatPart}");
        }

        int versionEnd = line.IndexOf(',', formatPart.Length);
        const string hashPart = ",\"body_sha256\":\"";
        if (versionEnd < 0
            || !int.TryParse(line.AsSpan(formatPart.Length, versionEnd - formatPart.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int version)
            || !line.AsSpan(versionEnd).StartsWith(hashPart, StringComparison.Ordinal))
        {
            throw Error(path, "its format_version or body_sha256 field is missing or malformed");
        }

        int hashStart = versionEnd + hashPart.Length;
        string hash = line.Length >= hashStart + 64 ? line.Substring(hashStart, 64) : "";
        return (version, hash);
    }

    private static RatchetFormatException Error(string path, string problem) =>
        new($"The checkpoint manifest '{path}' is damaged: {problem}.");
}

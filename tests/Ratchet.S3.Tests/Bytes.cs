namespace Ratchet.S3.Tests;

internal static class Bytes
{
    /// <summary>Bytes that differ at every offset a test could confuse (a pattern with no short period).</summary>
    public static byte[] Random(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

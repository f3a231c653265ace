using System.Security.Cryptography;
using Ratchet.Tensors;

namespace Ratchet.Cli.Output;

/// <summary>Each tensor's SHA-256 in a safetensors file: its bytes as stored, which are C order, little-endian.</summary>
internal static class TensorHashes
{
    private const int ChunkBytes = 1 << 20;

    public static IReadOnlyDictionary<string, string> Of(SafetensorsFile file)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tensor in file.Tensors)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            for (long done = 0; done < tensor.ByteLength; done += ChunkBytes)
            {
                hash.AppendData(file.GetBytes(tensor.Name, done, (int)Math.Min(ChunkBytes, tensor.ByteLength - done)));
            }

            hashes[tensor.Name] = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        return hashes;
    }
}

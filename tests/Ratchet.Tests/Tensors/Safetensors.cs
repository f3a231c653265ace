using System.Buffers.Binary;
using System.Text;
using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

/// <summary>Builds raw safetensors bytes and reads them through every reader the library has.</summary>
internal static class Safetensors
{
    /// <summary>A file with the given header text (not padded) and data section.</summary>
    public static byte[] Build(string header, int dataLength) => Build(Encoding.UTF8.GetBytes(header), new byte[dataLength]);

    public static byte[] Build(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    public static async Task<byte[]> WriteAsync(TensorSet tensors)
    {
        using var stream = new MemoryStream();
        await SafetensorsWriter.WriteAsync(stream, tensors);
        return stream.ToArray();
    }

    public static byte[] Write(TensorSet tensors) => WriteAsync(tensors).GetAwaiter().GetResult();

    /// <summary>
    /// Reads <paramref name="bytes"/> as a memory-mapped file, as a seekable stream and as a trickling stream of
    /// unknown length, touching every tensor. Returns what each reader produced: a tensor set or an exception.
    /// </summary>
    public static IReadOnlyList<(string Reader, TensorSet? Result, Exception? Error)> ReadAllWays(byte[] bytes, string directory)
    {
        // One file per directory, overwritten each time: creating and deleting a file per input is what made
        // the corpus tests slow.
        string path = Path.Combine(directory, "input.safetensors");
        File.WriteAllBytes(path, bytes);
        return
        [
            Attempt("file", () => ReadMapped(path)),
            Attempt("seekable stream", () => SafetensorsReader.ReadAsync(new MemoryStream(bytes)).GetAwaiter().GetResult()),
            Attempt("stream of unknown length", () => SafetensorsReader.ReadAsync(new TrickleStream(bytes)).GetAwaiter().GetResult()),
        ];
    }

    /// <summary>Asserts that every reader rejects <paramref name="bytes"/> with a format error and returns the messages.</summary>
    public static IReadOnlyList<string> AssertRejected(byte[] bytes, string directory)
    {
        var outcomes = ReadAllWays(bytes, directory);
        foreach (var (reader, result, error) in outcomes)
        {
            result.ShouldBeNull($"The {reader} reader accepted invalid input.");
            error.ShouldBeOfType<SafetensorsFormatException>($"The {reader} reader failed with {error}");
        }

        return [.. outcomes.Select(o => o.Error!.Message)];
    }

    /// <summary>Opens a file and copies every tensor out of the map, so that all data is touched.</summary>
    public static TensorSet ReadMapped(string path)
    {
        using SafetensorsFile file = SafetensorsFile.Open(path);
        var copy = new TensorSet();
        foreach (var (key, value) in file.Metadata)
        {
            copy.Metadata[key] = value;
        }

        foreach (TensorInfo tensor in file.Tensors)
        {
            copy.Add(tensor.Name, tensor.DType, tensor.Shape, file.GetBytes(tensor.Name).ToArray());
        }

        return copy;
    }

    private static (string, TensorSet?, Exception?) Attempt(string reader, Func<TensorSet> read)
    {
        try
        {
            return (reader, read(), null);
        }
        catch (Exception e)
        {
            return (reader, null, e);
        }
    }
}

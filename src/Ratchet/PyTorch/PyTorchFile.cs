using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Ratchet.PyTorch.Archives;
using Ratchet.Tensors;

namespace Ratchet.PyTorch;

/// <summary>
/// A PyTorch checkpoint (<c>.pth</c>, <c>.pt</c>, <c>.th</c>, <c>.ckpt</c> from torch.save), read without running any of
/// it: the pickle is interpreted over an allow-list (docs/pytorch.md), classes outside it become opaque
/// <see cref="PyTorchObject"/>s, and a file naming anything that could run code is refused. The file is memory-mapped,
/// never read whole; tensor bytes are read on demand, in C order, little-endian. Dispose it to release the map.
/// </summary>
public sealed class PyTorchFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly MappedData _map;

    private PyTorchFile(string path, PyTorchFileFormat format, SafeFileHandle handle, MappedData map, object? root, IReadOnlyList<string> opaqueGlobals)
    {
        Path = path;
        Format = format;
        _handle = handle;
        _map = map;
        Root = root;
        OpaqueGlobals = opaqueGlobals;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Zip or legacy.</summary>
    public PyTorchFileFormat Format { get; }

    /// <summary>The object torch.save was given: usually a <see cref="PyTorchDict"/>.</summary>
    public object? Root { get; }

    /// <summary>Classes and functions outside the allow-list that the file names (<c>module.name</c>), in first-seen order.</summary>
    public IReadOnlyList<string> OpaqueGlobals { get; }

    /// <summary>Opens and reads a file's structure (not its tensor bytes).</summary>
    /// <exception cref="PyTorchDamagedException">The file is cut off or its container is unreadable.</exception>
    /// <exception cref="PyTorchRefusedException">The file is hostile, malformed, or not a torch.save checkpoint.</exception>
    public static PyTorchFile Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        MappedData? map = null;
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length < 4)
            {
                throw new PyTorchDamagedException($"'{path}' is damaged: it holds {length} bytes, too few for any torch.save file.");
            }

            map = MappedData.Map(handle, length);
            var magic = map.Slice(0, 4);
            var format = magic.SequenceEqual("PK\u0003\u0004"u8) ? PyTorchFileFormat.Zip : PyTorchFileFormat.Legacy;
            var (root, globals) = format == PyTorchFileFormat.Zip ? ZipCheckpoint.Load(map, length, path) : LoadLegacy(map, length, path);
            return new PyTorchFile(path, format, handle, map, root, globals);
        }
        catch
        {
            map?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Whether a file starts the way torch.save files do (a zip archive, or a pickle's PROTO opcode), judged by
    /// its first 9 bytes. A safetensors file, whose 8-byte header length can itself start with 0x80, is told apart by the
    /// <c>{</c> its JSON header opens with at byte 8.</summary>
    public static bool LooksLikePyTorch(ReadOnlySpan<byte> firstBytes) =>
        firstBytes.StartsWith("PK\u0003\u0004"u8)
        || (firstBytes.Length >= 2 && firstBytes[0] == 0x80 && firstBytes[1] <= 5 && !(firstBytes.Length >= 9 && firstBytes[8] == (byte)'{'));

    /// <summary>Every leaf of <see cref="Root"/> by dotted path, in the file's order.</summary>
    /// <exception cref="PyTorchRefusedException">The object nests deeper than <see cref="PyTorchLeaves.MaxDepth"/> levels (or refers to itself).</exception>
    public IReadOnlyList<PyTorchLeaf> Leaves() => PyTorchLeaves.Flatten(Root, Path);

    /// <summary>Writes a tensor's elements to <paramref name="destination"/> in C order, in bounded chunks.</summary>
    public void CopyTensorTo(PyTorchTensor tensor, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(destination);
        TensorBytes.ForEachChunk(_map, _handle, tensor, chunk => destination.Write(chunk));
    }

    /// <summary>Reads a tensor's elements in C order into <paramref name="destination"/>, which must be exactly
    /// <see cref="PyTorchTensor.ByteLength"/> long: into a module's existing parameter memory, say, with no copy in between
    /// for a contiguous tensor.</summary>
    /// <exception cref="ArgumentException">The destination's length is not the tensor's byte length.</exception>
    public void ReadTensor(PyTorchTensor tensor, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (destination.Length != tensor.ByteLength)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the tensor has {tensor.ByteLength}.", nameof(destination));
        }

        TensorBytes.ReadInto(_map, _handle, tensor, destination);
    }

    /// <summary>A tensor's elements in C order, as one array (for tensors under 2 GiB; stream big ones with <see cref="CopyTensorTo"/>).</summary>
    public byte[] ReadTensor(PyTorchTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)tensor.ByteLength));
        ReadTensor(tensor, bytes);
        return bytes;
    }

    /// <summary>The SHA-256 of a tensor's elements in C order, little-endian, as lowercase hex (what a listing is checked by).</summary>
    public string ComputeSha256(PyTorchTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        TensorBytes.ForEachChunk(_map, _handle, tensor, chunk => hash.AppendData(chunk));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _map.Dispose();
        _handle.Dispose();
    }

    private static (object? Root, IReadOnlyList<string> Globals) LoadLegacy(MappedData map, long length, string path) =>
        map.Slice(0, 2)[0] == 0x80
            ? LegacyCheckpoint.Load(map, length, path)
            : throw new PyTorchRefusedException($"'{path}' was refused: it is neither a zip archive nor a pickle, so not a torch.save checkpoint "
                + "(the tar format of PyTorch before 0.4 is not read). Nothing in it was run.", []);
}

using System.Security.Cryptography;
using Ratchet.PyTorch;

namespace Ratchet.Cli.Output;

/// <summary>What <c>tensors</c> shows of a PyTorch file: its leaves split into tensors, plain values and opaque objects,
/// with each tensor's SHA-256 when asked (computed over its bytes in C order, little-endian, as PyTorch's would be).</summary>
internal sealed class PyTorchListing
{
    private PyTorchListing(PyTorchFile file, IReadOnlyList<PyTorchLeaf> leaves, IReadOnlyDictionary<PyTorchTensor, string>? hashes)
    {
        File = file;
        Tensors = [.. leaves.Where(leaf => leaf.Value is PyTorchTensor)];
        Objects = [.. leaves.Where(leaf => leaf.Value is PyTorchObject or PyTorchGlobal or PyTorchDevice)];
        Values = [.. leaves.Except(Tensors).Except(Objects)];
        Hashes = hashes;
    }

    public PyTorchFile File { get; }

    public IReadOnlyList<PyTorchLeaf> Tensors { get; }

    public IReadOnlyList<PyTorchLeaf> Values { get; }

    public IReadOnlyList<PyTorchLeaf> Objects { get; }

    /// <summary>Each tensor's SHA-256 (lowercase hex); null unless asked for.</summary>
    public IReadOnlyDictionary<PyTorchTensor, string>? Hashes { get; }

    public static async Task<PyTorchListing> ReadAsync(CliContext context, PyTorchFile file, bool withHashes, bool showProgress)
    {
        var leaves = file.Leaves();
        if (!withHashes)
        {
            return new PyTorchListing(file, leaves, null);
        }

        var tensors = leaves.Select(leaf => leaf.Value).OfType<PyTorchTensor>().Distinct().ToList();
        var hashes = new Dictionary<PyTorchTensor, string>(ReferenceEqualityComparer.Instance);
        return await ByteProgress.RunAsync(context, showProgress, "Hashing tensors", tensors.Sum(tensor => tensor.ByteLength), progress =>
        {
            foreach (var tensor in tensors)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                file.CopyTensorTo(tensor, new HashingStream(hash, progress));
                hashes[tensor] = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            return Task.FromResult(new PyTorchListing(file, leaves, hashes));
        }).ConfigureAwait(false);
    }

    /// <summary>A write-only stream that feeds a hash and reports the bytes it took.</summary>
    private sealed class HashingStream(IncrementalHash hash, IProgress<long>? progress) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            progress?.Report(buffer.Length);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

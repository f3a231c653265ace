using Ratchet.Checkpoints;
using Ratchet.Checksums;

namespace Ratchet.Tests.Checkpoints;

/// <summary>Large parts are checksummed in parallel segments; the result must be exactly the sequential CRC-32C.</summary>
public sealed class SegmentedChecksumTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteLargeFile(out byte[] content)
    {
        content = new byte[(int)SegmentedChecksum.MinimumLength + 12_345];
        new Random(7).NextBytes(content);
        string path = _temp.Combine("large.bin");
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task TryComputeAsync_LargeFile_EqualsSequentialCrc()
    {
        string path = WriteLargeFile(out byte[] content);
        await using var stream = File.OpenRead(path);

        var result = await SegmentedChecksum.TryComputeAsync(stream, ChecksumAlgorithm.Crc32C, null, CancellationToken.None);

        result.ShouldNotBeNull();
        result.Value.Length.ShouldBe(content.Length);
        result.Value.Checksum.ShouldBe($"crc32c:{Crc32C.Compute(content):x8}");
    }

    [Fact]
    public async Task Verify_LargePartWithAByteFlippedInTheSecondHalf_IsDamaged()
    {
        var manager = new CheckpointManager(_temp.Combine("checkpoints"));
        string path = WriteLargeFile(out _);
        await using (var source = File.OpenRead(path))
        {
            await manager.SaveAsync(new CheckpointContent(1).AddStream("G", source));
        }

        string part = _temp.Combine("checkpoints", "step-0000000001", "G.bin");
        await using (var stream = new FileStream(part, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = stream.Length - 100;
            int value = stream.ReadByte();
            stream.Position -= 1;
            stream.WriteByte((byte)(value ^ 1));
        }

        var status = await manager.InspectAsync(Path.GetFileName(_temp.Combine("checkpoints", "step-0000000001")));

        status.State.ShouldBe(CheckpointState.Damaged);
        status.Problems.Single().ShouldContain("Part 'G'");
    }

    [Fact]
    public async Task TryComputeAsync_SmallFileOrSha256_DeclinesSoTheSequentialReaderRuns()
    {
        string small = _temp.Combine("small.bin");
        File.WriteAllBytes(small, new byte[1000]);
        await using var stream = File.OpenRead(small);

        (await SegmentedChecksum.TryComputeAsync(stream, ChecksumAlgorithm.Crc32C, null, CancellationToken.None)).ShouldBeNull();
        (await SegmentedChecksum.TryComputeAsync(stream, ChecksumAlgorithm.Sha256, null, CancellationToken.None)).ShouldBeNull();
    }
}

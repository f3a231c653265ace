using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

public sealed class SafetensorsReaderTests
{
    [Fact]
    public async Task ReadAsync_StreamAtOffset_ReadsFromCurrentPositionWithRemainingLength()
    {
        byte[] file = await Safetensors.WriteAsync(new TensorSet().Add("w", [2], new[] { 1.5, 2.5 }));
        using var stream = new MemoryStream([.. new byte[5], .. file]);
        stream.Position = 5;

        TensorSet read = await SafetensorsReader.ReadAsync(stream);

        read.GetSpan<double>("w").ToArray().ShouldBe([1.5, 2.5]);
    }

    [Fact]
    public async Task ReadAsync_ExplicitLength_StopsThereAndLeavesTheRest()
    {
        byte[] file = await Safetensors.WriteAsync(new TensorSet().Add("w", [1], new[] { 7 }));
        using var stream = new TrickleStream([.. file, .. "next part"u8]);

        TensorSet read = await SafetensorsReader.ReadAsync(stream, file.Length);

        read.GetSpan<int>("w")[0].ShouldBe(7);
    }

    [Fact]
    public async Task ReadAsync_LengthShorterThanContent_RejectedAsTrailingBytesMissing()
    {
        byte[] file = await Safetensors.WriteAsync(new TensorSet().Add("w", [1], new[] { 7 }));

        (await Should.ThrowAsync<SafetensorsFormatException>(() => SafetensorsReader.ReadAsync(new MemoryStream(file), file.Length - 1)))
            .Message.ShouldContain("Tensor 'w'");
    }

    [Fact]
    public async Task ReadAsync_LengthLongerThanStream_RejectedAsTruncated()
    {
        byte[] file = await Safetensors.WriteAsync(new TensorSet().Add("w", [4], new[] { 1, 2, 3, 4 }));
        byte[] claimed = Safetensors.Build(
            System.Text.Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"I32\",\"shape\":[4],\"data_offsets\":[0,16]}}"), new byte[8]);

        (await Should.ThrowAsync<SafetensorsFormatException>(() => SafetensorsReader.ReadAsync(new TrickleStream(claimed), claimed.Length + 8)))
            .Message.ShouldContain("the data ends after 8 of its 16 bytes");
        file.Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ReadAsync_SourceName_UsedInMessages()
    {
        byte[] bytes = Safetensors.Build("[]", 0);

        (await Should.ThrowAsync<SafetensorsFormatException>(() => SafetensorsReader.ReadAsync(new MemoryStream(bytes), sourceName: "G.safetensors")))
            .Message.ShouldStartWith("'G.safetensors' is not a valid safetensors file:");
    }

    [Fact]
    public async Task ReadAsync_FileStream_NamedByItsPath()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("D.safetensors");
        await File.WriteAllBytesAsync(path, Safetensors.Build("[]", 0));
        await using var stream = File.OpenRead(path);

        (await Should.ThrowAsync<SafetensorsFormatException>(() => SafetensorsReader.ReadAsync(stream)))
            .Message.ShouldContain(path);
    }

    [Fact]
    public async Task ReadAsync_LengthBelowLengthField_RejectedWithoutReading()
    {
        (await Should.ThrowAsync<SafetensorsFormatException>(() => SafetensorsReader.ReadAsync(new MemoryStream(new byte[64]), 5)))
            .Message.ShouldContain("it ends after 5 bytes, shorter than the 8-byte header length field");
    }

    [Fact]
    public async Task ReadAsync_NegativeLength_Throws()
    {
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => SafetensorsReader.ReadAsync(new MemoryStream(), -1));
    }

    [Fact]
    public async Task ReadAsync_HugeTensorClaimOnShortStreamOfUnknownLength_FormatErrorWithoutAllocatingClaim()
    {
        const long size = 5L << 30;
        byte[] bytes = Safetensors.Build($"{{\"big\":{{\"dtype\":\"U8\",\"shape\":[{size}],\"data_offsets\":[0,{size}]}}}}", 1000);
        long before = GC.GetAllocatedBytesForCurrentThread();

        (await Should.ThrowAsync<SafetensorsFormatException>(() => SafetensorsReader.ReadAsync(new TrickleStream(bytes, 4096))))
            .Message.ShouldContain("Tensor 'big'");
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(16L << 20);
    }

    [Fact]
    public async Task ReadAsync_LargeClaimOnShortStreamOfUnknownLength_GrowsOnlyWithData()
    {
        const long size = 1L << 30;
        byte[] bytes = Safetensors.Build($"{{\"big\":{{\"dtype\":\"U8\",\"shape\":[{size}],\"data_offsets\":[0,{size}]}}}}", 3 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();

        await Should.ThrowAsync<SafetensorsFormatException>(() => SafetensorsReader.ReadAsync(new TrickleStream(bytes, 1 << 20)));

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(32L << 20);
    }
}

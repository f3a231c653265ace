using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_WrittenFile_ExposesHeaderAndTypedSpans()
    {
        var tensors = new TensorSet()
            .Add("w", [2, 3], new[] { 1f, 2f, 3f, 4f, 5f, 6f })
            .Add("step", [], new[] { 1234L })
            .Add("mask", [3], new[] { true, false, true })
            .Add("bf", TensorDType.BF16, [1], new ReadOnlyMemory<ushort>([0x3F80]));
        tensors.Metadata["format"] = "pt";
        string path = await WriteFileAsync(tensors);

        using SafetensorsFile file = SafetensorsFile.Open(path);

        file.Metadata.ShouldBe(new Dictionary<string, string> { ["format"] = "pt" });
        file.Tensors.Select(t => t.Name).ShouldBe(["step", "w", "bf", "mask"]);
        file.TryGetTensor("w", out TensorInfo? w).ShouldBeTrue();
        w.ShouldBe(new TensorInfo("w", TensorDType.F32, [2L, 3L], 8, 32));
        file.GetSpan<float>("w").ToArray().ShouldBe([1f, 2f, 3f, 4f, 5f, 6f]);
        file.GetSpan<long>("step")[0].ShouldBe(1234L);
        file.GetSpan<bool>("mask").ToArray().ShouldBe([true, false, true]);
        file.GetSpan<ushort>("bf")[0].ShouldBe((ushort)0x3F80);
        file.GetBytes("step").ToArray().ShouldBe(BitConverter.GetBytes(1234L));
        (file.DataStart % 8).ShouldBe(0);
    }

    [Fact]
    public async Task GetSpan_WrongElementType_Throws()
    {
        using SafetensorsFile file = SafetensorsFile.Open(await WriteFileAsync(new TensorSet().Add("w", [2], new float[2])));

        Should.Throw<InvalidOperationException>(() => file.GetSpan<double>("w").Length).Message.ShouldContain("F32");
    }

    [Fact]
    public void GetSpan_TensorMisalignedByForeignWriter_ThrowsButBytesReadable()
    {
        // A 61-byte header puts the data section at offset 69: valid, but not aligned for 4-byte elements.
        string header = "{\"t\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    ";
        using SafetensorsFile file = SafetensorsFile.Open(WriteRaw(Safetensors.Build(header + " ", 16)));

        Should.Throw<InvalidOperationException>(() => file.GetSpan<int>("t").Length).Message.ShouldContain("not aligned");
        file.GetBytes("t").Length.ShouldBe(16);
    }

    [Fact]
    public void GetSpan_BoolByteNotZeroOrOne_FormatErrorButBytesReadable()
    {
        byte[] bytes = Safetensors.Build("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        bytes[^1] = 7;
        using SafetensorsFile file = SafetensorsFile.Open(WriteRaw(bytes));

        Should.Throw<SafetensorsFormatException>(() => file.GetSpan<bool>("m").Length).Message.ShouldContain("BOOL element 1 is 7");
        file.GetBytes("m").ToArray().ShouldBe([0, 7]);
    }

    [Fact]
    public async Task Open_OnlyEmptyTensors_NothingMappedAndSpansEmpty()
    {
        var tensors = new TensorSet().Add("e", [0, 4], Array.Empty<float>());

        using SafetensorsFile file = SafetensorsFile.Open(await WriteFileAsync(tensors));

        file.GetSpan<float>("e").IsEmpty.ShouldBeTrue();
        file.GetBytes("e").IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task GetBytes_Range_ReturnsSliceAndChecksBounds()
    {
        using SafetensorsFile file = SafetensorsFile.Open(await WriteFileAsync(new TensorSet().Add("b", [5], new byte[] { 1, 2, 3, 4, 5 })));

        file.GetBytes("b", 1, 3).ToArray().ShouldBe([2, 3, 4]);
        file.GetBytes("b", 5, 0).IsEmpty.ShouldBeTrue();
        Should.Throw<ArgumentOutOfRangeException>(() => file.GetBytes("b", 3, 3).Length);
        Should.Throw<ArgumentOutOfRangeException>(() => file.GetBytes("b", -1, 1).Length);
    }

    [Fact]
    public void GetBytes_TensorOverTwoGibibytes_WholeSpanRefusedRangesServed()
    {
        // A sparse file: 3 GiB of zeros that take no disk space.
        const long size = 3L << 30;
        byte[] head = Safetensors.Build($"{{\"big\":{{\"dtype\":\"U8\",\"shape\":[{size}],\"data_offsets\":[0,{size}]}}}}", 0);
        string path = WriteRaw(head);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(head.Length + size);
        }

        using SafetensorsFile file = SafetensorsFile.Open(path);

        Should.Throw<InvalidOperationException>(() => file.GetBytes("big").Length).Message.ShouldContain("GetBytes(name, start, length)");
        file.GetBytes("big", size - 4, 4).ToArray().ShouldBe([0, 0, 0, 0]);
    }

    [Fact]
    public async Task GetBytes_AfterDispose_ThrowsObjectDisposed()
    {
        SafetensorsFile file = SafetensorsFile.Open(await WriteFileAsync(new TensorSet().Add("w", [1], new float[1])));
        file.Dispose();

        Should.Throw<ObjectDisposedException>(() => file.GetBytes("w").Length);
        file.Dispose();
    }

    [Fact]
    public async Task GetBytes_UnknownName_ThrowsKeyNotFound()
    {
        using SafetensorsFile file = SafetensorsFile.Open(await WriteFileAsync(new TensorSet()));

        Should.Throw<KeyNotFoundException>(() => file.GetBytes("missing").Length).Message.ShouldContain("'missing'");
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound()
    {
        Should.Throw<FileNotFoundException>(() => SafetensorsFile.Open(_directory.Combine("none.safetensors")));
    }

    private async Task<string> WriteFileAsync(TensorSet tensors) => WriteRaw(await Safetensors.WriteAsync(tensors));

    private string WriteRaw(byte[] bytes)
    {
        string path = _directory.Combine(Guid.NewGuid().ToString("N") + ".safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

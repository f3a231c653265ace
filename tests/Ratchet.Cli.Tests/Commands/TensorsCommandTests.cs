using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Ratchet.Tensors;

namespace Ratchet.Cli.Tests.Commands;

public sealed class TensorsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Tensors_FileFromSafetensorsWriterAsJson_DescribesEveryTensorFieldByField()
    {
        var (path, written) = await WriteSampleAsync();
        byte[] file = await File.ReadAllBytesAsync(path);

        var result = await Cli.RunAsync("tensors", path, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var document = result.Json();
        document.GetProperty("file").GetString().ShouldBe(path);
        long dataStart = document.GetProperty("data_start").GetInt64();
        dataStart.ShouldBe(8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(file)); // the length field, then the header
        var tensors = document.GetProperty("tensors").EnumerateArray().ToList();
        tensors.Select(tensor => tensor.GetProperty("name").GetString()).ShouldBe(written.Keys, ignoreOrder: true);
        long previousEnd = 0;
        foreach (var tensor in tensors)
        {
            var expected = written[tensor.GetProperty("name").GetString()!];
            tensor.GetProperty("dtype").GetString().ShouldBe(expected.DType);
            tensor.GetProperty("shape").EnumerateArray().Select(dimension => dimension.GetInt64()).ShouldBe(expected.Shape);
            long begin = tensor.GetProperty("begin").GetInt64();
            long end = tensor.GetProperty("end").GetInt64();
            tensor.GetProperty("bytes").GetInt64().ShouldBe(expected.Data.Length);
            (end - begin).ShouldBe(expected.Data.Length);
            begin.ShouldBe(previousEnd); // listed in file order, back to back
            file.AsSpan((int)(dataStart + begin), (int)(end - begin)).ToArray().ShouldBe(expected.Data);
            previousEnd = end;
        }

        previousEnd.ShouldBe(file.Length - dataStart);
        var metadata = document.GetProperty("metadata").EnumerateObject().ToDictionary(pair => pair.Name, pair => pair.Value.GetString());
        metadata.ShouldBe(new Dictionary<string, string?> { ["epoch"] = "3", ["format"] = "pt" });
    }

    [Fact]
    public async Task Tensors_FileAsTable_ShowsEveryTensorThenTheMetadata()
    {
        var (path, _) = await WriteSampleAsync();

        var result = await Cli.RunAsync("tensors", path);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldStartWith($"File         {path}\nTensors      5, 59 B of data from byte ");
        string weight = result.Output.Split('\n').Single(line => line.Contains("│ weight ", StringComparison.Ordinal));
        weight.ShouldContain("│ F32   │ [2, 3] │    24 │");
        result.Output.Split('\n').Single(line => line.Contains("│ step ", StringComparison.Ordinal)).ShouldContain("│ I64   │ []     │     8 │");
        result.Output.ShouldEndWith("Metadata     2 entries\n  epoch = 3\n  format = pt\n");
        result.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Tensors_HeaderLengthBeyondTheFile_Exits3WithTheFormatError()
    {
        string path = _temp.Combine("torn.safetensors");
        byte[] bytes = new byte[10];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        "{}"u8.CopyTo(bytes.AsSpan(8));
        await File.WriteAllBytesAsync(path, bytes);
        string expected = Should.Throw<SafetensorsFormatException>(() => SafetensorsFile.Open(path)).Message;

        var result = await Cli.RunAsync("tensors", path, "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Output.ShouldBeEmpty();
        result.Error.ShouldBe($"ratchet: {expected}\n");
        result.Error.ShouldContain("its header length field says 1000 bytes, but only 2 bytes follow the field");
    }

    [Fact]
    public async Task Tensors_TensorOutsideTheData_Exits3NamingTheTensor()
    {
        string path = _temp.Combine("bad-offsets.safetensors");
        byte[] header = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"""u8.ToArray();
        byte[] bytes = new byte[8 + header.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes.AsSpan(8));
        await File.WriteAllBytesAsync(path, bytes);

        var result = await Cli.RunAsync("tensors", path);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Error.ShouldStartWith("ratchet: ");
        result.Error.ShouldContain(path);
    }

    [Fact]
    public async Task Tensors_MissingFile_Exits2()
    {
        string path = _temp.Combine("no-such.safetensors");

        var result = await Cli.RunAsync("tensors", path);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe($"ratchet: There is no file at '{path}'. Check the path.\n");
    }

    [Fact]
    public async Task Tensors_Directory_Exits2()
    {
        var result = await Cli.RunAsync("tensors", _temp.Path);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"ratchet: '{_temp.Path}' is a directory, not a safetensors file.");
    }

    /// <summary>Five tensors of different dtypes and ranks (a scalar and an empty one included) plus metadata, written
    /// by the library's writer; returns what was written, by name.</summary>
    private async Task<(string Path, Dictionary<string, (string DType, long[] Shape, byte[] Data)> Written)> WriteSampleAsync()
    {
        float[] weight = [1, 2, 3, 4, 5, 6];
        double[] bias = [0.5, -0.25, 8];
        long[] step = [4200];
        bool[] mask = [true, false, true];
        float[] empty = [];
        var set = new TensorSet()
            .Add("weight", [2, 3], weight)
            .Add("bias", [3], bias)
            .Add("step", [], step)
            .Add("mask", [3], mask)
            .Add("empty", [0], empty);
        set.Metadata["format"] = "pt";
        set.Metadata["epoch"] = "3";
        string path = _temp.Combine("model.safetensors");
        await using (var stream = File.Create(path))
        {
            await SafetensorsWriter.WriteAsync(stream, set);
        }

        return (path, new()
        {
            ["weight"] = ("F32", [2, 3], MemoryMarshal.AsBytes(weight.AsSpan()).ToArray()),
            ["bias"] = ("F64", [3], MemoryMarshal.AsBytes(bias.AsSpan()).ToArray()),
            ["step"] = ("I64", [], MemoryMarshal.AsBytes(step.AsSpan()).ToArray()),
            ["mask"] = ("BOOL", [3], [1, 0, 1]),
            ["empty"] = ("F32", [0], []),
        });
    }
}

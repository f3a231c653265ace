using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ratchet.Cli.Tests.Commands;

/// <summary><c>ratchet tensors</c> on PyTorch files: every tensor and plain value torch saw, by dotted path, with SHA-256s
/// that match PyTorch's; refused and damaged files exit 3 with a reason.</summary>
public sealed class TensorsPyTorchTests
{
    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(ForeignCorpus.Combine("expected.json"))).RootElement.Clone());

    [Theory]
    [InlineData("applio/clean/logs/myvoice/G_3000.pth")]
    [InlineData("rvc/latest-legacy/logs/myvoice/D_2333333.pth")]
    [InlineData("tensors/views-and-dtypes.pt")]
    public async Task Tensors_PyTorchFileWithSha256AsJson_ListsWhatTorchSaw(string relative)
    {
        var result = await Cli.RunAsync("tensors", ForeignCorpus.Combine(relative), "--json", "--sha256");

        result.ExitCode.ShouldBe(0, result.ToString());
        var document = result.Json();
        var tensors = document.GetProperty("tensors").EnumerateArray().ToDictionary(tensor => tensor.GetProperty("name").GetString()!);
        var values = document.GetProperty("values").EnumerateArray().ToDictionary(value => value.GetProperty("name").GetString()!);
        foreach (var entry in Expected.Value.GetProperty(relative).GetProperty("content").EnumerateObject())
        {
            if (entry.Value.TryGetProperty("sha256", out var sha))
            {
                var tensor = tensors[entry.Name];
                tensor.GetProperty("dtype").GetString().ShouldBe(entry.Value.GetProperty("dtype").GetString());
                JsonNode.DeepEquals(JsonNode.Parse(tensor.GetProperty("shape").GetRawText()), JsonNode.Parse(entry.Value.GetProperty("shape").GetRawText())).ShouldBeTrue(entry.Name);
                tensor.GetProperty("sha256").GetString().ShouldBe(sha.GetString(), entry.Name);
            }
            else
            {
                // Numbers round-trip: the JSON number parses back to the value torch saw.
                JsonNode.DeepEquals(JsonNode.Parse(values[entry.Name].GetProperty("value").GetRawText()), JsonNode.Parse(entry.Value.GetProperty("value").GetRawText()))
                    .ShouldBeTrue(entry.Name);
            }
        }

        tensors.Count.ShouldBe(Expected.Value.GetProperty(relative).GetProperty("content").EnumerateObject().Count(entry => entry.Value.TryGetProperty("sha256", out _)));
    }

    [Fact]
    public async Task Tensors_DoraCheckpoint_ShowsItsConfigAsPlainJson()
    {
        var result = await Cli.RunAsync("tensors", ForeignCorpus.Combine("demucs/clean/outputs/xps/97d170e1/checkpoint.th"), "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var args = result.Json().GetProperty("objects").EnumerateArray().Single(item => item.GetProperty("name").GetString() == "args");
        args.GetProperty("value").GetProperty("batch_size").GetInt64().ShouldBe(64);
        args.GetProperty("value").GetProperty("dset").GetProperty("sources")[3].GetString().ShouldBe("vocals");
        result.Json().GetProperty("not_imported").EnumerateArray().Select(name => name.GetString()).ShouldContain("omegaconf.dictconfig.DictConfig");
    }

    [Fact]
    public async Task Tensors_PyTorchFileAsTable_ShowsNamesValuesAndWhatWasNotImported()
    {
        var result = await Cli.RunAsync("tensors", ForeignCorpus.Combine("demucs/clean/outputs/xps/97d170e1/best.th"));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("state.encoder.0.weight");
        result.Output.ShouldContain("float16");
        result.Output.ShouldContain("training_args.optim.lr = 0.0003");
        result.Output.ShouldContain("demucs.htdemucs.HTDemucs");
    }

    [Theory]
    [InlineData("hostile/os-system.pth", "posix.system")]
    [InlineData("hostile/torchscript.pt", "TorchScript")]
    [InlineData("applio/torn/logs/myvoice/G_3000.pth", "no zip central directory")]
    public async Task Tensors_RefusedOrDamagedPyTorchFile_ExitsThreeWithTheReason(string relative, string reason)
    {
        var result = await Cli.RunAsync("tensors", ForeignCorpus.Combine(relative));

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Error.ShouldContain(reason);
        result.Error.ShouldNotContain("   at ");
        result.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task Tensors_SafetensorsWhoseHeaderLengthStartsLikeAPickle_IsStillReadAsSafetensors()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("x.safetensors");
        // A header of 0x580 bytes: the file starts 0x80 0x05, exactly like a protocol-5 pickle.
        string header = "{\"t\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        header = header.PadRight(0x580);
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes((ulong)header.Length));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(header));
        bytes.Add(7);
        await File.WriteAllBytesAsync(path, [.. bytes]);

        var result = await Cli.RunAsync("tensors", path, "--json", "--sha256");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json().GetProperty("tensors")[0].GetProperty("name").GetString().ShouldBe("t");
    }
}

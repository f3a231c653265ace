using System.Text;
using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

public sealed class SafetensorsWriterTests
{
    [Fact]
    public async Task WriteAsync_EveryDType_OrderedByReferenceAlignmentRankThenName()
    {
        var tensors = new TensorSet();
        foreach (TensorDType dtype in Enum.GetValues<TensorDType>().Reverse())
        {
            tensors.Add("b" + dtype.FormatName(), dtype, [1], new byte[dtype.ElementSize()]);
            tensors.Add("a" + dtype.FormatName(), dtype, [1], new byte[dtype.ElementSize()]);
        }

        string[] order = HeaderKeys(await Safetensors.WriteAsync(tensors));

        string[] dtypes = ["U64", "I64", "F64", "F32", "U32", "I32", "BF16", "F16", "U16", "I16", "F8_E4M3", "F8_E5M2", "I8", "U8", "BOOL"];
        order.ShouldBe(dtypes.SelectMany(d => new[] { "a" + d, "b" + d }));
    }

    [Fact]
    public async Task WriteAsync_NamesBeyondBasicPlane_OrderedByUtf8BytesNotUtf16Units()
    {
        // U+FF01 sorts before U+1F600 in UTF-8 and in code points, but after it in UTF-16 code units.
        var tensors = new TensorSet().Add("\U0001F600", [1], new float[1]).Add("\uFF01", [1], new float[1]);

        HeaderKeys(await Safetensors.WriteAsync(tensors)).ShouldBe(["\uFF01", "\U0001F600"]);
    }

    [Fact]
    public async Task WriteAsync_NamesNeedingEscapes_EscapedLikeSerdeJson()
    {
        var tensors = new TensorSet().Add("q\"b\\n\n\u0001\u001f\u007f/é", [], new byte[1]);

        byte[] file = await Safetensors.WriteAsync(tensors);

        Encoding.UTF8.GetString(file, 8, file.Length - 9).TrimEnd().ShouldBe(
            "{\"q\\\"b\\\\n\\n\\u0001\\u001f\u007f/é\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]}}");
    }

    [Fact]
    public async Task WriteAsync_Metadata_KeysInByteOrderBeforeTensors()
    {
        var tensors = new TensorSet().Add("w", [1], new byte[1]);
        tensors.Metadata["zeta"] = "1";
        tensors.Metadata["alpha"] = "tab\there";
        tensors.Metadata["Beta"] = "";

        byte[] file = await Safetensors.WriteAsync(tensors);

        Encoding.UTF8.GetString(file, 8, file.Length - 9).TrimEnd().ShouldStartWith(
            "{\"__metadata__\":{\"Beta\":\"\",\"alpha\":\"tab\\there\",\"zeta\":\"1\"},\"w\":");
    }

    [Fact]
    public async Task WriteAsync_NonSeekableDestination_SameBytesAndCountReturned()
    {
        var tensors = new TensorSet()
            .Add("big", [3 << 20], RandomBytes(3 << 20))
            .Add("small", [2], new float[] { 1f, 2f });
        var destination = new RecordingStream();

        long written = await SafetensorsWriter.WriteAsync(destination, tensors);

        destination.ToArray().ShouldBe(await Safetensors.WriteAsync(tensors));
        written.ShouldBe(destination.ToArray().LongLength);
    }

    [Fact]
    public async Task WriteAsync_LargeTensor_PassedThroughWithoutWholeFileBuffering()
    {
        var tensors = new TensorSet().Add("a", [1], new float[1]).Add("big", [40 << 20], new byte[40 << 20]);
        var destination = new RecordingStream();

        await SafetensorsWriter.WriteAsync(destination, tensors);

        // The header and the small tensor go out together, then the large one in 16 MiB slices.
        destination.Writes.ShouldBe(4);
    }

    [Fact]
    public async Task WriteAsync_Cancelled_Throws()
    {
        var tensors = new TensorSet().Add("w", [1], new float[1]);

        await Should.ThrowAsync<OperationCanceledException>(() => SafetensorsWriter.WriteAsync(new RecordingStream(), tensors, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task WriteAsync_HeaderOverLimit_ThrowsBeforeWritingAnything()
    {
        var tensors = new TensorSet();
        tensors.Metadata["huge"] = new string('a', 100_000_000);
        var destination = new RecordingStream();

        (await Should.ThrowAsync<ArgumentException>(() => SafetensorsWriter.WriteAsync(destination, tensors)))
            .Message.ShouldContain("more than the format's limit");
        destination.Writes.ShouldBe(0);
    }

    [Fact]
    public async Task WriteAsync_MetadataWithUnpairedSurrogate_Throws()
    {
        var tensors = new TensorSet();
        tensors.Metadata["k"] = "\udc00";

        await Should.ThrowAsync<ArgumentException>(() => Safetensors.WriteAsync(tensors));
    }

    [Fact]
    public async Task WriteAsync_AnyInput_DataSectionStartsEightByteAligned()
    {
        for (int nameLength = 1; nameLength <= 16; nameLength++)
        {
            byte[] file = await Safetensors.WriteAsync(new TensorSet().Add(new string('n', nameLength), [1], new double[1]));

            (BitConverter.ToInt64(file) % 8).ShouldBe(0);
        }
    }

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static string[] HeaderKeys(byte[] file)
    {
        using var json = System.Text.Json.JsonDocument.Parse(file.AsMemory(8, (int)BitConverter.ToInt64(file)));
        return [.. json.RootElement.EnumerateObject().Select(p => p.Name)];
    }
}

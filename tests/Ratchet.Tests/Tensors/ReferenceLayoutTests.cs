using System.Text;
using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

/// <summary>
/// Byte-exact layouts published in the reference implementation's own tests (huggingface/safetensors:
/// safetensors/src/tensor.rs and bindings/python/tests/test_simple.py).
/// </summary>
public sealed class ReferenceLayoutTests
{
    private static readonly byte[] SixFloats = [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64];

    [Fact]
    public void Write_F32Tensor_MatchesRustSerializationTest()
    {
        var tensors = new TensorSet().Add("attn.0", [1, 2, 3], new[] { 0f, 1f, 2f, 3f, 4f, 5f });

        Safetensors.Write(tensors).ShouldBe(
        [
            64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
            116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
            58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
            101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
            0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
        ]);
    }

    [Fact]
    public void Write_ShortName_PadsHeaderWithSpacesLikeRustForcedAlignmentTest()
    {
        var tensors = new TensorSet().Add("attn0", TensorDType.F32, [1, 1, 2, 3], SixFloats);

        Safetensors.Write(tensors).ShouldBe(
        [
            72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
            121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
            91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
            115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
            32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
            160, 64,
        ]);
    }

    [Fact]
    public void Write_NoTensors_MatchesRustEmptyTest()
    {
        Safetensors.Write(new TensorSet()).ShouldBe([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    }

    [Fact]
    public void Write_NoTensorsWithMetadata_MatchesRustEmptyTest()
    {
        var tensors = new TensorSet();
        tensors.Metadata["framework"] = "pt";

        Safetensors.Write(tensors).ShouldBe(
        [
            40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
            95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32,
        ]);
    }

    [Fact]
    public void Write_I32Tensor_MatchesPythonSerializationTest()
    {
        var data = new int[4];
        data[3] = 1;

        Safetensors.Write(new TensorSet().Add("test", [2, 2], data)).ShouldBe(Concat(
            "@\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}   ",
            " \0\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0"));
    }

    [Fact]
    public void Write_MixedDTypesInEitherOrder_MatchesPythonForcesAlignmentTest()
    {
        byte[] expected = Concat(
            "\x80\0\0\0\0\0\0\0{\"test1\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]},\"test2\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[16,24]}}",
            "      \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");

        Safetensors.Write(new TensorSet().Add("test1", [2, 2], new int[4]).Add("test2", [2, 2], new Half[4])).ShouldBe(expected);
        Safetensors.Write(new TensorSet().Add("test2", [2, 2], new Half[4]).Add("test1", [2, 2], new int[4])).ShouldBe(expected);
    }

    [Fact]
    public void Write_WithMetadata_MatchesPythonSerializationMetadataTest()
    {
        var tensors = new TensorSet().Add("test1", [2, 2], new int[4]);
        tensors.Metadata["framework"] = "pt";

        Safetensors.Write(tensors).ShouldBe(Concat(
            "`\0\0\0\0\0\0\0{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}",
            " \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"));
    }

    [Fact]
    public void Open_RustDeserializationSample_ReadsTensor()
    {
        using var directory = new TempDirectory();
        byte[] bytes = Concat("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", new string('\0', 16));

        foreach (var (reader, read, error) in Safetensors.ReadAllWays(bytes, directory.Path))
        {
            error.ShouldBeNull(reader);
            read!["test"].DType.ShouldBe(TensorDType.I32);
            read["test"].Shape.ShouldBe([2L, 2L]);
            read.GetSpan<int>("test").ToArray().ShouldBe([0, 0, 0, 0]);
        }
    }

    [Fact]
    public void Open_PythonMetadataSample_ReadsMetadata()
    {
        using var directory = new TempDirectory();
        byte[] bytes = Concat(
            "f\0\0\0\0\0\0\0{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}",
            "       " + new string('\0', 16));

        foreach (var (_, result, error) in Safetensors.ReadAllWays(bytes, directory.Path))
        {
            error.ShouldBeNull();
            result!.Metadata.ShouldBe(new Dictionary<string, string> { ["framework"] = "pt" });
        }
    }

    [Theory]
    [InlineData("8\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}\0\0\0\0", "test", 4)]
    [InlineData("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,0],\"data_offsets\":[0, 0]}}", "test", 0)]
    [InlineData("\x06\0\0\0\0\0\0\0{}\x0D\x20\x09\x0A", null, 0)]
    [InlineData("\x06\0\0\0\0\0\0\0\x09\x0A{}\x0D\x20", null, 0)]
    public void Open_ValidRustEdgeCases_Accepted(string file, string? tensor, int byteLength)
    {
        using var directory = new TempDirectory();

        foreach (var (reader, result, error) in Safetensors.ReadAllWays(Concat(file), directory.Path))
        {
            error.ShouldBeNull(reader);
            result!.Count.ShouldBe(tensor is null ? 0 : 1);
            if (tensor is not null)
            {
                result[tensor].Data.Length.ShouldBe(byteLength);
            }
        }
    }

    [Theory]
    [InlineData("", "shorter than the 8-byte header length field")]
    [InlineData("<\0\0\0\0\0\0\0", "only 0 bytes follow the field")]
    [InlineData("<\0\0\0\0\xff\xff\xff{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", "more than the format's limit")]
    [InlineData("\x01\0\0\0\0\0\0\0\xff", "not valid UTF-8")]
    [InlineData("\x01\0\0\0\0\0\0\0{", "not valid JSON")]
    [InlineData("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0, 4]}}", "needs 16 bytes, but its data offsets [0, 4] span 4 bytes")]
    [InlineData("O\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,18446744073709551614],\"data_offsets\":[0,16]}}\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", "larger than a 64-bit size")]
    [InlineData("N\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,9223372036854775807],\"data_offsets\":[0,16]}}\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", "more bytes than a 64-bit count can hold")]
    [InlineData("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0extra_bogus_data_for_polyglot_file", "belong to no tensor")]
    [InlineData("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}\0\0\0\0\0\0\0\0\0\0\0\0\0\0", "truncated")]
    public void Open_InvalidRustSamples_RejectedWithRule(string file, string rule)
    {
        using var directory = new TempDirectory();

        foreach (string message in Safetensors.AssertRejected(Concat(file), directory.Path))
        {
            message.ShouldContain(rule);
        }
    }

    [Fact]
    public void Open_RustJsonAttackWithTenTensorsAtSameOffsets_RejectedAsOverlap()
    {
        using var directory = new TempDirectory();
        string entries = string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"weight_{i}\":{{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}"));

        foreach (string message in Safetensors.AssertRejected(Safetensors.Build("{" + entries + "}", 16), directory.Path))
        {
            message.ShouldContain("overlap");
        }
    }

    /// <summary>Bytes of strings whose characters are all below 256 (Latin-1), as Python byte literals are written.</summary>
    private static byte[] Concat(params string[] parts) => Encoding.Latin1.GetBytes(string.Concat(parts));
}

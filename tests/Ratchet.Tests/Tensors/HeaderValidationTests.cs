using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

/// <summary>One test per header rule: the input breaks exactly that rule and every reader names it.</summary>
public sealed class HeaderValidationTests
{
    private const string Ok = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "dtype 'F4' is not one of F64, F32")]
    [InlineData("{\"w\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "dtype 'f32' is not one of")]
    [InlineData("{\"w\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "dtype is a number")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "shape holds -2, which is not a non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "shape holds 2.0")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2e0],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "shape holds 2e0")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "shape holds a string")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[[2]],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "shape holds an array")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "shape is a number")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,40]}}", 40, "Tensor 'w'", "shape [3, 4] of F32 needs 48 bytes, but its data offsets [0, 40] span 40 bytes")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "more bytes than a 64-bit count can hold")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "Tensor 'w'", "[8, 0] end before they begin")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8, "Tensor 'w'", "data_offsets has 1 values, but must have two")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8, "Tensor 'w'", "data_offsets has more than two values")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", 8, "Tensor 'w'", "larger than a 64-bit size")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 0, "Tensor 'w'", "has no 'data_offsets'")]
    [InlineData("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "Tensor 'w'", "has no 'dtype'")]
    [InlineData("{\"w\":{" + Ok + ",\"extra\":1}}", 8, "Tensor 'w'", "unknown field 'extra'")]
    [InlineData("{\"w\":{" + Ok + ",\"dtype\":\"F32\"}}", 8, "Tensor 'w'", "field 'dtype' more than once")]
    [InlineData("{\"w\":[1]}", 0, "Tensor 'w'", "entry is an array")]
    [InlineData("{\"w\":{" + Ok + "},\"w\":{" + Ok + "}}", 8, "Tensor 'w'", "appears more than once")]
    [InlineData("{\"w\":{" + Ok + "},\"\\u0077\":{" + Ok + "}}", 8, "Tensor 'w'", "appears more than once")]
    [InlineData("{\"a\":{" + Ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20, "Tensor 'b'", "leave a gap: the previous tensor 'a' ends at 8, so 4 bytes belong to no tensor")]
    [InlineData("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "Tensor 'b'", "the data section starts at 0")]
    [InlineData("{\"a\":{" + Ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "Tensor 'b'", "overlap other data: the previous tensor 'a' ends at 8")]
    [InlineData("{\"w\":{" + Ok + "}}", 4, "Tensor 'w'", "the file is truncated")]
    [InlineData("{\"w\":{" + Ok + "}}", 12, "is", "belong to no tensor")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", 0, "is", "entry 'k' is a number, but metadata values must be strings")]
    [InlineData("{\"__metadata__\":{\"k\":null}}", 0, "is", "entry 'k' is null")]
    [InlineData("{\"__metadata__\":{\"k\":{}}}", 0, "is", "entry 'k' is an object")]
    [InlineData("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", 0, "is", "the key 'k' more than once")]
    [InlineData("{\"__metadata__\":null}", 0, "is", "must be an object of strings, not null")]
    [InlineData("{\"__metadata__\":[]}", 0, "is", "must be an object of strings, not an array")]
    [InlineData("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "is", "more than one '__metadata__'")]
    [InlineData("[]", 0, "is", "must be a JSON object, but it starts with an array")]
    [InlineData("null", 0, "is", "must be a JSON object, but it starts with null")]
    [InlineData("{}{}", 0, "is", "not valid JSON")]
    [InlineData("{} x", 0, "is", "not valid JSON")]
    [InlineData("{}\0\0", 0, "is", "not valid JSON")]
    [InlineData("{\"w\":{" + Ok + "},}", 8, "is", "not valid JSON")]
    [InlineData("{/*c*/}", 0, "is", "not valid JSON")]
    [InlineData("{'w':1}", 0, "is", "not valid JSON")]
    [InlineData("", 0, "is", "not valid JSON")]
    [InlineData("{\"\\ud800\":{" + Ok + "}}", 8, "is", "not valid Unicode")]
    public void Read_HeaderBreaksOneRule_EveryReaderNamesTensorAndRule(string header, int dataLength, string subject, string rule)
    {
        using var directory = new TempDirectory();

        foreach (string message in Safetensors.AssertRejected(Safetensors.Build(header, dataLength), directory.Path))
        {
            message.ShouldContain(subject, Case.Sensitive);
            message.ShouldContain(rule, Case.Sensitive);
        }
    }

    [Fact]
    public void Open_FileName_NamedInMessage()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("x.safetensors");
        File.WriteAllBytes(path, Safetensors.Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,40]}}", 40));

        Should.Throw<SafetensorsFormatException>(() => SafetensorsFile.Open(path)).Message
            .ShouldBe($"Tensor 'w' in '{path}': its shape [3, 4] of F32 needs 48 bytes, but its data offsets [0, 40] span 40 bytes.");
    }

    [Fact]
    public void Read_HeaderNotUtf8_Rejected()
    {
        using var directory = new TempDirectory();
        byte[] header = [.. "{\"w\u00e9"u8, 0xC3, .. "\":{}}"u8];

        foreach (string message in Safetensors.AssertRejected(Safetensors.Build(header, []), directory.Path))
        {
            message.ShouldContain("not valid UTF-8");
        }
    }

    [Fact]
    public void Read_HostileTensorName_QuotedShortAndWithoutControlCharacters()
    {
        using var directory = new TempDirectory();
        string name = "evil\\n" + new string('x', 500);

        foreach (string message in Safetensors.AssertRejected(Safetensors.Build("{\"" + name + "\":{\"dtype\":\"F4\",\"shape\":[],\"data_offsets\":[0,0]}}", 0), directory.Path))
        {
            message.ShouldContain("Tensor 'evil\\u000axxx");
            message.ShouldNotContain("\n");
            message.Length.ShouldBeLessThan(400);
        }
    }

    [Fact]
    public void Read_LengthFieldAboveLimitOnTinyInput_RejectedWithoutReadingFurther()
    {
        using var directory = new TempDirectory();
        byte[] bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes, 100_000_001UL).ShouldBeTrue();

        foreach (string message in Safetensors.AssertRejected(bytes, directory.Path))
        {
            message.ShouldContain("100000001 bytes, more than the format's limit of 100000000");
        }
    }

    [Fact]
    public void Read_LengthFieldAtLimitButInputShort_RejectedWithoutAllocatingTheClaim()
    {
        using var directory = new TempDirectory();
        byte[] bytes = [.. BitConverter.GetBytes(100_000_000UL), .. "{}"u8];
        long before = GC.GetAllocatedBytesForCurrentThread();

        foreach (string message in Safetensors.AssertRejected(bytes, directory.Path))
        {
            message.ShouldContain("header length field says 100000000 bytes, but only 2 bytes follow");
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(20_000_000);
    }
}

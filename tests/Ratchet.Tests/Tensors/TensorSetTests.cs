using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

public sealed class TensorSetTests
{
    [Fact]
    public void Add_TypedArray_InfersDTypeAndSharesMemory()
    {
        float[] weights = [1f, 2f, 3f, 4f, 5f, 6f];

        var tensors = new TensorSet().Add("w", [2, 3], weights);
        weights[0] = 42f;

        tensors["w"].DType.ShouldBe(TensorDType.F32);
        tensors["w"].Shape.ShouldBe([2L, 3L]);
        tensors["w"].Data.Length.ShouldBe(24);
        tensors.GetSpan<float>("w")[0].ShouldBe(42f);
    }

    [Fact]
    public void Add_EveryNaturalType_MapsToItsDType()
    {
        var tensors = new TensorSet()
            .Add("f64", [1], new double[1]).Add("f32", [1], new float[1]).Add("f16", [1], new Half[1])
            .Add("i64", [1], new long[1]).Add("i32", [1], new int[1]).Add("i16", [1], new short[1]).Add("i8", [1], new sbyte[1])
            .Add("u64", [1], new ulong[1]).Add("u32", [1], new uint[1]).Add("u16", [1], new ushort[1]).Add("u8", [1], new byte[1])
            .Add("bool", [1], new bool[1]);

        tensors.Select(t => t.DType).ShouldBe(
        [
            TensorDType.F64, TensorDType.F32, TensorDType.F16, TensorDType.I64, TensorDType.I32, TensorDType.I16, TensorDType.I8,
            TensorDType.U64, TensorDType.U32, TensorDType.U16, TensorDType.U8, TensorDType.Bool,
        ]);
    }

    [Fact]
    public void Add_RawBitsForTypesDotNetLacks_Accepted()
    {
        var tensors = new TensorSet()
            .Add("bf16", TensorDType.BF16, [2], new ReadOnlyMemory<ushort>([0x3F80, 0x4000]))
            .Add("f8", TensorDType.F8E4M3, [1], new ReadOnlyMemory<byte>([0x38]));

        tensors.GetSpan<ushort>("bf16").ToArray().ShouldBe([(ushort)0x3F80, (ushort)0x4000]);
        tensors["bf16"].Data.ToArray().ShouldBe([0x80, 0x3F, 0x00, 0x40]);
        tensors.GetSpan<byte>("f8")[0].ShouldBe((byte)0x38);
    }

    [Fact]
    public void Add_ElementTypeCannotHoldDType_Throws()
    {
        Should.Throw<ArgumentException>(() => new TensorSet().Add("x", TensorDType.F32, [1], new ReadOnlyMemory<int>([1])));
    }

    [Fact]
    public void Add_ArrayOfNonTensorType_ThrowsNotSupported()
    {
        Should.Throw<NotSupportedException>(() => new TensorSet().Add("x", [1], new decimal[1])).Message.ShouldContain("Decimal");
    }

    [Fact]
    public void Add_WrongByteCount_ThrowsNamingExpectedAndGiven()
    {
        Should.Throw<ArgumentException>(() => new TensorSet().Add("w", TensorDType.F32, [3, 4], new byte[40]))
            .Message.ShouldContain("Tensor 'w' of shape [3, 4] and dtype F32 needs 48 bytes, but 40 were given");
    }

    [Fact]
    public void Add_NegativeDimension_Throws()
    {
        Should.Throw<ArgumentException>(() => new TensorSet().Add("w", TensorDType.U8, [2, -1], Array.Empty<byte>()))
            .Message.ShouldContain("Dimension 1 of tensor 'w' is -1");
    }

    [Fact]
    public void Add_OverflowingShape_Throws()
    {
        Should.Throw<ArgumentException>(() => new TensorSet().Add("w", TensorDType.F64, [long.MaxValue / 4], Array.Empty<byte>()));
    }

    [Fact]
    public void Add_DuplicateName_Throws()
    {
        var tensors = new TensorSet().Add("w", [1], new float[1]);

        Should.Throw<ArgumentException>(() => tensors.Add("w", [1], new float[1])).Message.ShouldContain("already has a tensor named 'w'");
    }

    [Fact]
    public void Add_ReservedName_Throws()
    {
        Should.Throw<ArgumentException>(() => new TensorSet().Add("__metadata__", [1], new float[1])).Message.ShouldContain("reserved");
    }

    [Fact]
    public void Add_NameWithUnpairedSurrogate_Throws()
    {
        string name = "bad" + (char)0xD800;

        Should.Throw<ArgumentException>(() => new TensorSet().Add(name, [1], new float[1])).Message.ShouldContain("unpaired surrogate");
    }

    [Fact]
    public void Add_UndefinedDType_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new TensorSet().Add("w", (TensorDType)99, [], new byte[1]));
    }

    [Fact]
    public void GetSpan_WrongElementType_ThrowsNamingBoth()
    {
        var tensors = new TensorSet().Add("w", [2], new float[2]);

        Should.Throw<InvalidOperationException>(() => tensors.GetSpan<int>("w").Length)
            .Message.ShouldContain("holds F32 elements, which cannot be read as Int32");
    }

    [Fact]
    public void Indexer_MissingName_ThrowsKeyNotFound()
    {
        Should.Throw<KeyNotFoundException>(() => new TensorSet()["nope"]).Message.ShouldContain("'nope'");
    }

    [Fact]
    public void TensorDTypes_FormatNamesAndSizes_MatchTheFormat()
    {
        Enum.GetValues<TensorDType>().Select(d => $"{d.FormatName()}:{d.ElementSize()}").ShouldBe(
        [
            "F64:8", "F32:4", "F16:2", "BF16:2", "F8_E4M3:1", "F8_E5M2:1", "I64:8", "I32:4", "I16:2", "I8:1",
            "U64:8", "U32:4", "U16:2", "U8:1", "BOOL:1",
        ]);
        foreach (TensorDType dtype in Enum.GetValues<TensorDType>())
        {
            TensorDTypes.TryParse(dtype.FormatName(), out TensorDType parsed).ShouldBeTrue();
            parsed.ShouldBe(dtype);
        }

        TensorDTypes.TryParse("C64", out _).ShouldBeFalse();
        TensorDTypes.TryParse("f32", out _).ShouldBeFalse();
    }
}

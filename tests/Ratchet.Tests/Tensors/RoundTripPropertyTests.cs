using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

public sealed class RoundTripPropertyTests
{
    [Fact]
    public void WriteThenRead_RandomTensorSets_EveryReaderReturnsTheSameTensors()
    {
        using var directory = new TempDirectory();

        Prop.ForAll(TensorSpecs.Arbitrary, spec =>
        {
            byte[] bytes = Safetensors.Write(spec.ToTensorSet());

            foreach (var (reader, result, error) in Safetensors.ReadAllWays(bytes, directory.Path))
            {
                error.ShouldBeNull($"{reader}: {error}");
                ShouldMatch(result!, spec);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Write_RandomTensorSetsInAnyInsertionOrder_IdenticalBytes()
    {
        Prop.ForAll(TensorSpecs.Arbitrary, spec =>
        {
            byte[] forward = Safetensors.Write(spec.ToTensorSet());
            byte[] backward = Safetensors.Write(spec.ToTensorSet(spec.Tensors.Reverse()));

            backward.ShouldBe(forward);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Open_RandomTensorSets_DataAlignedAndEveryTensorViewableAsItsType()
    {
        using var directory = new TempDirectory();

        Prop.ForAll(TensorSpecs.Arbitrary, spec =>
        {
            string path = directory.Combine(Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(path, Safetensors.Write(spec.ToTensorSet()));

            using SafetensorsFile file = SafetensorsFile.Open(path);
            (BinaryPrimitives.ReadInt64LittleEndian(File.ReadAllBytes(path)) % 8).ShouldBe(0);
            foreach (TensorInfo tensor in file.Tensors)
            {
                ViewLength(file, tensor).ShouldBe(tensor.ElementCount);
            }
        }).QuickCheckThrowOnFailure();
    }

    private static void ShouldMatch(TensorSet actual, SetSpec expected)
    {
        actual.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal)
            .ShouldBe(expected.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal));
        actual.Select(t => t.Name).Order(StringComparer.Ordinal).ShouldBe(expected.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (TensorSpec t in expected.Tensors)
        {
            actual[t.Name].DType.ShouldBe(t.DType);
            actual[t.Name].Shape.ShouldBe(t.Shape);
            actual[t.Name].Data.ToArray().ShouldBe(t.Data);
        }
    }

    /// <summary>Views the tensor through its .NET element type, which needs it to be aligned.</summary>
    private static long ViewLength(SafetensorsFile file, TensorInfo tensor) => tensor.DType switch
    {
        TensorDType.F64 => file.GetSpan<double>(tensor.Name).Length,
        TensorDType.F32 => file.GetSpan<float>(tensor.Name).Length,
        TensorDType.F16 => file.GetSpan<Half>(tensor.Name).Length,
        TensorDType.BF16 or TensorDType.U16 => file.GetSpan<ushort>(tensor.Name).Length,
        TensorDType.F8E4M3 or TensorDType.F8E5M2 or TensorDType.U8 => file.GetSpan<byte>(tensor.Name).Length,
        TensorDType.I64 => file.GetSpan<long>(tensor.Name).Length,
        TensorDType.I32 => file.GetSpan<int>(tensor.Name).Length,
        TensorDType.I16 => file.GetSpan<short>(tensor.Name).Length,
        TensorDType.I8 => file.GetSpan<sbyte>(tensor.Name).Length,
        TensorDType.U64 => file.GetSpan<ulong>(tensor.Name).Length,
        TensorDType.U32 => file.GetSpan<uint>(tensor.Name).Length,
        TensorDType.Bool => file.GetSpan<bool>(tensor.Name).Length,
        _ => throw new ArgumentOutOfRangeException(nameof(tensor)),
    };
}

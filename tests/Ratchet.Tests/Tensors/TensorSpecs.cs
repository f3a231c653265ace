using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

/// <summary>A generated tensor, printable when a property fails.</summary>
internal sealed record TensorSpec(string Name, TensorDType DType, long[] Shape, byte[] Data)
{
    public override string ToString() =>
        $"{JsonSerializer.Serialize(Name)}: {DType} [{string.Join(",", Shape)}] {Convert.ToHexString(Data)}";
}

/// <summary>A generated tensor set: tensors with distinct names and a metadata map.</summary>
internal sealed record SetSpec(TensorSpec[] Tensors, KeyValuePair<string, string>[] Metadata)
{
    public TensorSet ToTensorSet(IEnumerable<TensorSpec>? order = null)
    {
        var set = new TensorSet();
        foreach (TensorSpec t in order ?? Tensors)
        {
            set.Add(t.Name, t.DType, t.Shape, t.Data);
        }

        foreach (var (key, value) in Metadata)
        {
            set.Metadata[key] = value;
        }

        return set;
    }

    public override string ToString() =>
        string.Join("; ", Tensors.Select(t => t.ToString())) + " | " + string.Join(", ", Metadata.Select(m => JsonSerializer.Serialize(m)));
}

/// <summary>FsCheck generators for tensor sets, with names that exercise escaping and UTF-8 ordering.</summary>
internal static class TensorSpecs
{
    private static readonly string[] Fragments =
        ["w", "bias", "layer.0", "Z", "0", "é", "漢字", "\U0001F600", "\uFF01", "\"", "\\", "\n", "\u0001", "\u007f", " ", "a/b"];

    public static Gen<string> Names =>
        Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(Gen.Elements(Fragments), count)).Select(parts => string.Concat(parts));

    public static Gen<SetSpec> Sets => SetsOf(maxTensors: 6, maxDimension: 4);

    /// <summary>Sets small enough that every truncation of their file can be tried.</summary>
    public static Gen<SetSpec> SmallSets => SetsOf(maxTensors: 3, maxDimension: 2);

    public static Arbitrary<SetSpec> Arbitrary => Arb.From(Sets);

    private static Gen<TensorSpec> Tensors(int maxDimension) =>
        from name in Names
        from dtype in Gen.Elements(Enum.GetValues<TensorDType>())
        from rank in Gen.Choose(0, 3)
        from shape in Gen.ArrayOf(Gen.Choose(0, maxDimension).Select(d => (long)d), rank)
        let length = (int)shape.Aggregate((long)dtype.ElementSize(), (a, d) => a * d)
        from data in Gen.ArrayOf(Gen.Choose(0, dtype == TensorDType.Bool ? 1 : 255).Select(b => (byte)b), length)
        select new TensorSpec(name, dtype, shape, data);

    private static Gen<SetSpec> SetsOf(int maxTensors, int maxDimension) =>
        from count in Gen.Choose(0, maxTensors)
        from tensors in Gen.ArrayOf(Tensors(maxDimension), count)
        from metadataCount in Gen.Choose(0, 3)
        from metadata in Gen.ArrayOf(Gen.Zip(Names, Names), metadataCount)
        select new SetSpec(
            [.. tensors.Where(t => t.Name != TensorSet.MetadataKey).DistinctBy(t => t.Name, StringComparer.Ordinal)],
            [.. metadata.DistinctBy(m => m.Item1, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Item1, m.Item2))]);
}

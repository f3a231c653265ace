using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

/// <summary>
/// Generated corpora of broken files. Truncations, extensions, wrong length fields and headers with one
/// rule broken must each be a <see cref="SafetensorsFormatException"/> from every reader; arbitrary byte
/// damage must be either accepted by all readers alike or rejected with that exception, never anything else.
/// </summary>
public sealed class MalformedCorpusPropertyTests
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(25);

    [Fact]
    public void Read_EveryTruncationOfRandomFiles_FormatError()
    {
        using var directory = new TempDirectory();

        Check.One(Cases, Prop.ForAll(Arb.From(TensorSpecs.SmallSets), spec =>
        {
            byte[] bytes = Safetensors.Write(spec.ToTensorSet());
            for (int length = 0; length < bytes.Length; length++)
            {
                Safetensors.AssertRejected(bytes[..length], directory.Path);
            }
        }));
    }

    [Fact]
    public void Read_RandomFilesWithBytesAppended_FormatError()
    {
        using var directory = new TempDirectory();
        var extended = from spec in TensorSpecs.Sets
                       from extra in Gen.Choose(1, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))
                       select (spec, extra);

        Check.One(Cases, Prop.ForAll(Arb.From(extended), c =>
            Safetensors.AssertRejected([.. Safetensors.Write(c.spec.ToTensorSet()), .. c.extra], directory.Path)));
    }

    [Fact]
    public void Read_RandomFilesWithAnyOtherHeaderLength_FormatError()
    {
        using var directory = new TempDirectory();
        var relengthed = from spec in TensorSpecs.Sets
                         from delta in Gen.OneOf(
                             Gen.Choose(-16, 16).Select(d => (long)d),
                             Gen.Choose(int.MinValue, int.MaxValue).Select(d => (long)d << Math.Abs(d % 33)))
                         where delta != 0
                         select (spec, delta);

        Check.One(Cases, Prop.ForAll(Arb.From(relengthed), c =>
        {
            byte[] bytes = Safetensors.Write(c.spec.ToTensorSet());
            BinaryPrimitives.WriteInt64LittleEndian(bytes, BinaryPrimitives.ReadInt64LittleEndian(bytes) + c.delta);
            Safetensors.AssertRejected(bytes, directory.Path);
        }));
    }

    [Fact]
    public void Read_RandomHeadersWithOneRuleBroken_FormatError()
    {
        using var directory = new TempDirectory();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(BrokenHeaders.Files), broken =>
            Safetensors.AssertRejected(broken.Bytes, directory.Path)));
    }

    [Fact]
    public void Read_RandomByteDamage_AcceptedAlikeOrFormatErrorNeverOtherFailures()
    {
        using var directory = new TempDirectory();
        var damaged = from spec in TensorSpecs.Sets.Where(s => s.Tensors.Length > 0)
                      from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 2), Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255))), 3)
                      select (spec, edits);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(damaged), c =>
        {
            var bytes = Safetensors.Write(c.spec.ToTensorSet()).ToList();
            foreach (var (kind, (position, value)) in c.edits)
            {
                int at = position % bytes.Count;
                _ = kind switch
                {
                    0 => bytes[at] ^= (byte)(1 << (value % 8)),
                    1 => Insert(bytes, at, (byte)value),
                    _ => Remove(bytes, at),
                };
            }

            var outcomes = Safetensors.ReadAllWays([.. bytes], directory.Path);
            foreach (var (reader, _, error) in outcomes)
            {
                if (error is not null)
                {
                    error.ShouldBeOfType<SafetensorsFormatException>($"{reader}: {error}");
                }
            }

            outcomes.Select(o => o.Error is null).Distinct().Count().ShouldBe(1, "The readers disagree about validity.");
        }));
    }

    private static byte Insert(List<byte> bytes, int at, byte value)
    {
        bytes.Insert(at, value);
        return value;
    }

    private static byte Remove(List<byte> bytes, int at)
    {
        byte removed = bytes[at];
        bytes.RemoveAt(at);
        return removed;
    }
}

using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Ratchet.Checksums;

namespace Ratchet.Tests.Checksums;

public sealed class Crc32CTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    // The fast path works in blocks of 3 lanes; these are the block lengths of its lane tiers.
    private static readonly int[] BlockLengths = [3 * 256, 3 * 4096, 3 * 32768];

    public static TheoryData<byte[], uint> PublishedVectors() => new()
    {
        { Encoding.ASCII.GetBytes("123456789"), 0xE3069283 },
        // RFC 3720 (iSCSI) appendix B.4.
        { new byte[32], 0x8A9136AA },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
        {
            Convert.FromHexString(
                "01C00000000000000000000000000000" + "14000000000004000000001400000018" + "28000000000000000200000000000000"),
            0xD9963A56
        },
    };

    [Theory]
    [MemberData(nameof(PublishedVectors))]
    public void Compute_PublishedVector_ReturnsPublishedCrc(byte[] data, uint expected)
    {
        Crc32C.Compute(data).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(PublishedVectors))]
    public void Append_PublishedVectorOneByteAtATime_ReturnsPublishedCrc(byte[] data, uint expected)
    {
        var crc = new Crc32C();
        foreach (byte b in data)
        {
            crc.Append([b]);
        }

        crc.Current.ShouldBe(expected);
    }

    [Fact]
    public void Current_NothingAppended_IsCrcOfEmptyInput()
    {
        var crc = new Crc32C();
        crc.Append([]);

        crc.Current.ShouldBe(0u);
        Crc32C.Compute([]).ShouldBe(0u);
    }

    [Fact]
    public void Compute_LengthsAroundEveryBlockBoundary_MatchesReference()
    {
        var data = RandomBytes(seed: 7, 2 * BlockLengths[^1] + 64);
        var lengths = BlockLengths
            .SelectMany(block => new[] { block, 2 * block })
            .SelectMany(boundary => Enumerable.Range(boundary - 17, 35));

        foreach (int length in lengths)
        {
            var input = data.AsSpan(0, length);
            Crc32C.Compute(input).ShouldBe(Crc32CReference.Compute(input), $"length {length}");
        }
    }

    [Fact]
    public void Append_RandomDataAndChunking_MatchesReference()
    {
        Check.One(Config, Prop.ForAll(ChunkedInputs.ToArbitrary(), input =>
        {
            var data = RandomBytes(input.Seed, input.Length);
            var crc = new Crc32C();
            int start = 0;
            foreach (int cut in input.Cuts.Append(input.Length))
            {
                crc.Append(data.AsSpan(start, cut - start));
                start = cut;
            }

            uint expected = Crc32CReference.Compute(data);
            crc.Current.ShouldBe(expected);
            Crc32C.Compute(data).ShouldBe(expected);
        }));
    }

    [Fact]
    public void Combine_TwoRandomParts_EqualsCrcOfConcatenation()
    {
        var parts =
            from lengthA in Lengths
            from lengthB in Lengths
            from seed in Gen.Choose(0, int.MaxValue)
            select (LengthA: lengthA, LengthB: lengthB, Seed: seed);

        Check.One(Config, Prop.ForAll(parts.ToArbitrary(), p =>
        {
            var data = RandomBytes(p.Seed, p.LengthA + p.LengthB);
            var a = data.AsSpan(0, p.LengthA);
            var b = data.AsSpan(p.LengthA);

            Crc32C.Combine(Crc32C.Compute(a), Crc32C.Compute(b), b.Length).ShouldBe(Crc32CReference.Compute(data));
        }));
    }

    [Fact]
    public void Combine_ZeroRunsOfAnyLength_ComposeAdditively()
    {
        // Appending n zeros and then m zeros must equal appending n + m zeros, for lengths far beyond
        // what can be materialised, so the high powers of x used for long shifts are checked too.
        var runs =
            from crc in Gen.Choose(int.MinValue, int.MaxValue).Select(i => unchecked((uint)i))
            from n in Gen.Choose(0, int.MaxValue).Select(i => ((long)i << 31) | (uint)i)
            from m in Gen.Choose(0, int.MaxValue).Select(i => (long)i * 3)
            select (Crc: crc, N: n, M: m);

        Check.One(Config, Prop.ForAll(runs.ToArbitrary(), r =>
        {
            uint zerosN = ZerosCrc(r.N);
            uint zerosM = ZerosCrc(r.M);
            uint stepwise = Crc32C.Combine(Crc32C.Combine(r.Crc, zerosN, r.N), zerosM, r.M);

            stepwise.ShouldBe(Crc32C.Combine(r.Crc, Crc32C.Combine(zerosN, zerosM, r.M), r.N + r.M));
        }));
    }

    [Fact]
    public void Combine_ZerosAfterData_MatchesReference()
    {
        var zeros = new byte[5000];
        uint crcA = Crc32C.Compute("checkpoint"u8);
        byte[] concatenated = [.. "checkpoint"u8, .. zeros];

        Crc32C.Combine(crcA, Crc32C.Compute(zeros), zeros.Length).ShouldBe(Crc32CReference.Compute(concatenated));
        Crc32C.Combine(crcA, Crc32C.Compute([]), 0).ShouldBe(crcA);
    }

    [Theory]
    [InlineData(32, 0x8A9136AA)]
    [InlineData(5000, null)]
    public void Combine_AllOnesRegisterOverZeros_EqualsCrcOfZeroBytes(int length, uint? published)
    {
        // Anchors the helper the composition property below relies on.
        uint fromCombine = ZerosCrc(length);

        fromCombine.ShouldBe(Crc32CReference.Compute(new byte[length]));
        if (published is { } value)
        {
            fromCombine.ShouldBe(value);
        }
    }

    [Fact]
    public void Combine_LongestExpressibleLength_StaysWithinPowerTable()
    {
        // 2^63 - 1 bytes needs x^(2^k) up to k = 65; any smaller table fails here.
        Should.NotThrow(() => Crc32C.Combine(0x12345678, 0x9ABCDEF0, long.MaxValue));
    }

    [Fact]
    public void Combine_NegativeLength_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Crc32C.Combine(1, 2, -1));
    }

    // Lengths spread over the whole range, with extra weight just around block boundaries.
    private static readonly Gen<int> Lengths = Gen.Frequency(
        (3, Gen.Choose(0, 200_000)),
        (1, Gen.Choose(0, 64)),
        (3, from block in Gen.Elements(BlockLengths)
            from multiple in Gen.Choose(1, 2)
            from delta in Gen.Choose(-24, 24)
            select Math.Max(0, (block * multiple) + delta)));

    private static readonly Gen<ChunkedInput> ChunkedInputs =
        from length in Lengths
        from seed in Gen.Choose(0, int.MaxValue)
        from count in Gen.Choose(0, 8)
        from cuts in Gen.ArrayOf(Gen.Choose(0, length), count)
        select new ChunkedInput(length, seed, [.. cuts.Order()]);

    /// <summary>CRC-32C of <paramref name="length"/> zero bytes, without materialising them.</summary>
    private static uint ZerosCrc(long length) =>
        // Zeros only shift the all-ones starting register, which Combine does; the CRC is its inverse.
        ~Crc32C.Combine(0xFFFFFFFF, 0, length);

    private static byte[] RandomBytes(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Random bytes of a given length, fed in pieces split at the (sorted) cut offsets.</summary>
    public sealed record ChunkedInput(int Length, int Seed, int[] Cuts)
    {
        public override string ToString() => $"length {Length}, seed {Seed}, cuts [{string.Join(", ", Cuts)}]";
    }
}

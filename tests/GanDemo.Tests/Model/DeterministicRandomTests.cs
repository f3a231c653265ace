using System.Buffers.Binary;
using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class DeterministicRandomTests
{
    [Fact]
    public void NextUInt64_ReferenceState_MatchesPublishedXoshiro256StarStarOutputs()
    {
        // State {1, 2, 3, 4} and its outputs are the reference vector used by other xoshiro ports
        // (e.g. Rust's rand_xoshiro), so this pins the algorithm, not just self-consistency.
        var state = new byte[DeterministicRandom.StateSize];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(8 * i), (ulong)(i + 1));
        }

        var random = DeterministicRandom.Restore(state);

        ulong[] expected =
        [
            11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
            607988272756665600, 16172922978634559625, 8476171486693032832,
            10595114339597558777, 2904607092377533576,
        ];
        expected.Select(_ => random.NextUInt64()).ShouldBe(expected);
    }

    [Fact]
    public void Restore_AfterMixedDraws_ContinuesIdenticalSequence()
    {
        var original = new DeterministicRandom(seed: 42);
        DrawMixed(original, 37);

        var saved = original.SaveState();
        var expected = DrawMixed(original, 200);
        var restored = DeterministicRandom.Restore(saved);

        DrawMixed(restored, 200).ShouldBe(expected);
    }

    [Fact]
    public void SaveState_DoesNotAdvanceTheGenerator()
    {
        var a = new DeterministicRandom(seed: 7);
        var b = new DeterministicRandom(seed: 7);

        a.SaveState();

        a.NextUInt64().ShouldBe(b.NextUInt64());
    }

    [Fact]
    public void Constructor_DifferentSeeds_GiveDifferentSequences()
    {
        var a = new DeterministicRandom(seed: 0);
        var b = new DeterministicRandom(seed: 1);

        DrawMixed(a, 10).ShouldNotBe(DrawMixed(b, 10));
    }

    [Fact]
    public void Restore_WrongLength_ThrowsNamingExpectedSize()
    {
        var error = Should.Throw<ArgumentException>(() => DeterministicRandom.Restore(new byte[31]));

        error.Message.ShouldContain("32 bytes");
    }

    [Fact]
    public void Restore_AllZeroState_Throws()
    {
        Should.Throw<ArgumentException>(() => DeterministicRandom.Restore(new byte[DeterministicRandom.StateSize]));
    }

    [Fact]
    public void NextGaussian_ManyDraws_HaveZeroMeanAndUnitVariance()
    {
        var random = new DeterministicRandom(seed: 3);
        var samples = Enumerable.Range(0, 100_000).Select(_ => random.NextGaussian()).ToArray();

        var mean = samples.Average();
        var variance = samples.Select(x => (x - mean) * (x - mean)).Average();

        mean.ShouldBe(0, tolerance: 0.02);
        variance.ShouldBe(1, tolerance: 0.02);
    }

    [Fact]
    public void NextInt_ManyDraws_HitsEveryValueInRangeAndNoOther()
    {
        var random = new DeterministicRandom(seed: 5);
        var counts = new int[8];

        for (var i = 0; i < 8_000; i++)
        {
            counts[random.NextInt(8)]++;
        }

        counts.ShouldAllBe(c => c > 850 && c < 1150);
    }

    private static List<double> DrawMixed(DeterministicRandom random, int count)
    {
        var values = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            values.Add((i % 4) switch
            {
                0 => random.NextDouble(),
                1 => random.NextGaussian(),
                2 => random.NextInt(8),
                _ => random.NextUInt64(),
            });
        }

        return values;
    }
}

using GanDemo.Model;

namespace GanDemo.Tests.Model;

internal static class StateAssert
{
    /// <summary>Compares bit patterns, so even a differently signed zero or NaN payload counts as a difference.</summary>
    public static void BitIdentical(GanTrainerState actual, GanTrainerState expected)
    {
        actual.Arrays.Select(a => a.Name).ShouldBe(expected.Arrays.Select(a => a.Name));
        foreach (var (a, e) in actual.Arrays.Zip(expected.Arrays))
        {
            a.Shape.ShouldBe(e.Shape, a.Name);
            Bits(a.Values).ShouldBe(Bits(e.Values), a.Name);
        }

        actual.RandomState.ShouldBe(expected.RandomState);
        actual.GeneratorOptimizerSteps.ShouldBe(expected.GeneratorOptimizerSteps);
        actual.DiscriminatorOptimizerSteps.ShouldBe(expected.DiscriminatorOptimizerSteps);
        actual.EpochsCompleted.ShouldBe(expected.EpochsCompleted);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}

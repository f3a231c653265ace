using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class SampleQualityTests
{
    private readonly RingOfGaussians _ring = new(standardDeviation: 0.05);

    [Fact]
    public void Measure_RealData_CoversAllModesWithAboutNinetyNinePercentHighQuality()
    {
        var points = Point2.FromInterleaved(_ring.Sample(new DeterministicRandom(seed: 2), 10_000));

        var quality = SampleQuality.Measure(_ring, points);

        quality.ModesCovered.ShouldBe(8);
        quality.ModeCoverage.ShouldBe(1.0);
        // For a 2-D Gaussian, P(r ≤ 3σ) = 1 − e^(−9/2) ≈ 0.989.
        quality.HighQualityFraction.ShouldBe(1 - Math.Exp(-4.5), tolerance: 0.005);
    }

    [Fact]
    public void Measure_AllPointsOnOneMode_CoversOneEighth()
    {
        var points = Enumerable.Repeat(_ring.Modes[3], 1000).ToList();

        var quality = SampleQuality.Measure(_ring, points);

        quality.ModesCovered.ShouldBe(1);
        quality.ModeCoverage.ShouldBe(0.125);
        quality.HighQualityFraction.ShouldBe(1.0);
    }

    [Fact]
    public void Measure_FewStrayPointsOnAMode_DoNotCountAsCoverage()
    {
        // 9 of 1,000 points is below the 1% share a covered mode needs; 10 would be enough.
        var points = Enumerable.Repeat(_ring.Modes[0], 991).Concat(Enumerable.Repeat(_ring.Modes[1], 9)).ToList();
        var enough = Enumerable.Repeat(_ring.Modes[0], 990).Concat(Enumerable.Repeat(_ring.Modes[1], 10)).ToList();

        SampleQuality.Measure(_ring, points).ModesCovered.ShouldBe(1);
        SampleQuality.Measure(_ring, enough).ModesCovered.ShouldBe(2);
    }

    [Fact]
    public void Measure_PointsBetweenModes_AreNotHighQuality()
    {
        // The origin and points just beyond 3σ of a mode are near no mode.
        var justOutside = new Point2(2 + 3.2 * 0.05, 0);
        var points = Enumerable.Repeat(new Point2(0, 0), 500).Concat(Enumerable.Repeat(justOutside, 500)).ToList();

        var quality = SampleQuality.Measure(_ring, points);

        quality.HighQualityFraction.ShouldBe(0);
        quality.ModesCovered.ShouldBe(0);
    }
}

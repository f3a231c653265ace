using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class RingOfGaussiansTests
{
    [Fact]
    public void Modes_Default_AreEightPointsOnCircleOfRadiusTwo()
    {
        var ring = new RingOfGaussians();

        ring.Modes.Count.ShouldBe(8);
        ring.Modes.ShouldAllBe(m => Math.Abs(m.DistanceTo(default) - 2.0) < 1e-12);
        ring.Modes[0].ShouldBe(new Point2(2, 0));
    }

    [Fact]
    public void Sample_ManyPoints_UsesEveryModeAboutEquallyWithTheConfiguredSpread()
    {
        var ring = new RingOfGaussians(standardDeviation: 0.05);
        var points = Point2.FromInterleaved(ring.Sample(new DeterministicRandom(seed: 1), 8_000));

        var nearest = points.Select(p => ring.Modes.MinBy(m => p.DistanceTo(m))).ToList();
        var perMode = ring.Modes.Select(m => nearest.Count(n => n == m));
        var squaredDistances = points.Zip(nearest, (p, m) => (p.X - m.X) * (p.X - m.X) + (p.Y - m.Y) * (p.Y - m.Y));

        perMode.ShouldAllBe(count => count > 850 && count < 1150);
        // E[dx² + dy²] = 2σ² for an isotropic Gaussian.
        Math.Sqrt(squaredDistances.Average() / 2).ShouldBe(0.05, tolerance: 0.002);
    }

    [Fact]
    public void Sample_SameGeneratorState_GivesSamePoints()
    {
        var ring = new RingOfGaussians();

        ring.Sample(new DeterministicRandom(seed: 9), 50).ShouldBe(ring.Sample(new DeterministicRandom(seed: 9), 50));
    }
}

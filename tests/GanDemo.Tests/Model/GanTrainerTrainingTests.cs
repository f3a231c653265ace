using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class GanTrainerTrainingTests
{
    [Fact]
    public void TrainEpoch_ThirtyEpochsWithDefaults_CoversAtLeastSixOfEightModes()
    {
        var trainer = new GanTrainer();
        var before = trainer.Evaluate();

        EpochMetrics last = null!;
        for (var epoch = 0; epoch < 30; epoch++)
        {
            last = trainer.TrainEpoch();
        }

        // An untrained generator sits near the origin, far from every mode.
        before.ModesCovered.ShouldBe(0);
        last.Epoch.ShouldBe(30);
        last.Quality.ModesCovered.ShouldBeGreaterThanOrEqualTo(6);
        last.Quality.HighQualityFraction.ShouldBeGreaterThan(0.3);
        // Neither network has won outright: at equilibrium the D loss is 2·ln 2 ≈ 1.39, the G loss ln 2 ≈ 0.69.
        last.DiscriminatorLoss.ShouldBeInRange(0.8, 1.6);
        last.GeneratorLoss.ShouldBeInRange(0.5, 2.0);
    }

    [Fact]
    public void TrainStep_BothLosses_AreFiniteAndPositive()
    {
        var trainer = new GanTrainer(new GanOptions { HiddenWidth = 8 });

        var losses = trainer.TrainStep();

        double.IsFinite(losses.DiscriminatorLoss).ShouldBeTrue();
        losses.DiscriminatorLoss.ShouldBeGreaterThan(0);
        losses.GeneratorLoss.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ToNamedValues_Metrics_UsesHistoryNames()
    {
        var metrics = new EpochMetrics(3, 1.2, 0.8, new SampleQuality(6, 8, 0.5));

        var values = metrics.ToNamedValues();

        values.Keys.ShouldBe(["d_loss", "g_loss", "mode_coverage", "high_quality_fraction"], ignoreOrder: true);
        values["mode_coverage"].ShouldBe(0.75);
        values["d_loss"].ShouldBe(1.2);
    }

    [Fact]
    public void Constructor_InvalidOption_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new GanTrainer(new GanOptions { BatchSize = 0 }));
    }
}

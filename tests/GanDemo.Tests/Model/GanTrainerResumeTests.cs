using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class GanTrainerResumeTests
{
    // Small enough that a few epochs take milliseconds; resuming does not depend on size.
    private static readonly GanOptions Small = new()
    {
        Seed = 123,
        HiddenWidth = 16,
        BatchSize = 16,
        StepsPerEpoch = 10,
        EvaluationSamples = 200,
    };

    [Fact]
    public void ImportState_IntoFreshTrainerMidRun_ContinuesBitIdenticallyToUninterruptedRun()
    {
        // Given: one run trains 5 epochs straight.
        var straight = new GanTrainer(Small);
        var straightMetrics = Enumerable.Range(0, 5).Select(_ => straight.TrainEpoch()).ToList();

        // When: another trains 2, hands its state to a fresh trainer, and that one trains 3 more.
        var first = new GanTrainer(Small);
        var resumedMetrics = Enumerable.Range(0, 2).Select(_ => first.TrainEpoch()).ToList();
        var saved = first.ExportState();
        var second = new GanTrainer(Small);
        second.ImportState(saved);
        resumedMetrics.AddRange(Enumerable.Range(0, 3).Select(_ => second.TrainEpoch()));

        // Then: every array, the random state, the counters and every metric agree exactly.
        StateAssert.BitIdentical(second.ExportState(), straight.ExportState());
        resumedMetrics.ShouldBe(straightMetrics);
    }

    [Fact]
    public void TrainEpoch_TwoTrainersWithSameOptions_StayBitIdentical()
    {
        var a = new GanTrainer(Small);
        var b = new GanTrainer(Small);

        a.TrainEpoch();
        b.TrainEpoch();

        StateAssert.BitIdentical(a.ExportState(), b.ExportState());
    }

    [Fact]
    public void TrainEpoch_DifferentSeeds_Diverge()
    {
        var a = new GanTrainer(Small);
        var b = new GanTrainer(new GanOptions
        {
            Seed = Small.Seed + 1,
            HiddenWidth = Small.HiddenWidth,
            BatchSize = Small.BatchSize,
            StepsPerEpoch = Small.StepsPerEpoch,
            EvaluationSamples = Small.EvaluationSamples,
        });

        a.TrainEpoch();
        b.TrainEpoch();

        a.ExportState().Arrays[0].Values.ShouldNotBe(b.ExportState().Arrays[0].Values);
    }

    [Fact]
    public void ExportState_ThenTrainMore_ExportedCopyIsUnchanged()
    {
        var trainer = new GanTrainer(Small);
        var exported = trainer.ExportState();
        var snapshot = trainer.ExportState();

        trainer.TrainEpoch();

        StateAssert.BitIdentical(exported, snapshot);
    }

    [Fact]
    public void ExportState_NewTrainer_NamesEveryArrayByNetworkAndOptimizer()
    {
        var names = new GanTrainer(Small).ExportState().Arrays.Select(a => a.Name).ToList();

        names.ShouldContain("generator.layer0.weight");
        names.ShouldContain("discriminator.layer2.bias");
        names.ShouldContain("generator_adam.layer1.weight.m");
        names.ShouldContain("discriminator_adam.layer0.bias.v");
        // Two networks × 3 layers × (weight, bias) × (parameter, m, v).
        names.Count.ShouldBe(36);
        names.Distinct().Count().ShouldBe(names.Count);
    }

    [Fact]
    public void EvaluateAndSampling_BetweenEpochs_DoNotChangeTraining()
    {
        var plain = new GanTrainer(Small);
        var observed = new GanTrainer(Small);

        plain.TrainEpoch();
        observed.TrainEpoch();
        observed.Evaluate();
        observed.SampleGenerated(100);
        observed.SampleReal(100);
        plain.TrainEpoch();
        observed.TrainEpoch();

        StateAssert.BitIdentical(observed.ExportState(), plain.ExportState());
    }

    [Fact]
    public void ImportState_FromDifferentlySizedModel_ThrowsAndLeavesTrainerUnchanged()
    {
        var trainer = new GanTrainer(Small);
        trainer.TrainEpoch();
        var before = trainer.ExportState();
        var wider = new GanTrainer(new GanOptions { HiddenWidth = 32, StepsPerEpoch = 1 }).ExportState();

        var error = Should.Throw<ArgumentException>(() => trainer.ImportState(wider));

        error.Message.ShouldContain("shape");
        StateAssert.BitIdentical(trainer.ExportState(), before);
    }

    [Fact]
    public void ImportState_OptimizerMomentMissing_ThrowsNamingItAndLeavesTrainerUnchanged()
    {
        var trainer = new GanTrainer(Small);
        var before = trainer.ExportState();
        var donor = new GanTrainer(Small);
        donor.TrainEpoch();
        var full = donor.ExportState();
        var incomplete = new GanTrainerState(
            [.. full.Arrays.Where(a => a.Name != "discriminator_adam.layer1.weight.v")],
            full.GeneratorOptimizerSteps,
            full.DiscriminatorOptimizerSteps,
            full.RandomState,
            full.EpochsCompleted);

        var error = Should.Throw<ArgumentException>(() => trainer.ImportState(incomplete));

        error.Message.ShouldContain("'layer1.weight.v'");
        StateAssert.BitIdentical(trainer.ExportState(), before);
    }
}

using Ratchet.Retention;
using static Ratchet.Tests.Retention.Candidates;

namespace Ratchet.Tests.Retention;

public sealed class RetentionPolicyTests
{
    private static long[] KeptBy(RetentionPolicy policy, RetentionCandidate[] candidates, DateTimeOffset? now = null) =>
        RetentionPlanner.Plan(candidates, policy, now ?? T0).Kept.Steps();

    [Fact]
    public void KeepLast_FiveCandidates_KeepsThreeHighestSteps() =>
        KeptBy(RetentionPolicy.KeepLast(3), [At(5), At(1), At(4), At(2), At(3)]).ShouldBe([3, 4, 5]);

    [Fact]
    public void KeepEverySteps_Multiples_KeepsThemIncludingStepZero() =>
        KeptBy(RetentionPolicy.KeepEverySteps(100), [At(0), At(50), At(100), At(150), At(200), At(210)])
            .ShouldBe([0, 100, 200, 210]);

    [Fact]
    public void KeepEveryEpochs_SeveralSavesPerEpoch_KeepsLastOfEachMultiple()
    {
        RetentionCandidate[] run = [At(1, epoch: 0), At(2, epoch: 0), At(3, epoch: 1), At(4, epoch: 2), At(5, epoch: 2), At(6, epoch: 3)];

        var plan = RetentionPlanner.Plan(run, RetentionPolicy.KeepEveryEpochs(2), T0);

        plan.Kept.Steps().ShouldBe([2, 5, 6]);
        plan.For(5).Reasons.ShouldBe(["every 2 epochs (last of epoch 2)"]);
    }

    [Fact]
    public void KeepBest_Maximize_KeepsHighestValues()
    {
        RetentionCandidate[] run = [Acc(1, 0.7), Acc(2, 0.9), Acc(3, 0.8), Acc(4, 0.1)];

        KeptBy(RetentionPolicy.KeepBest("acc", MetricGoal.Maximize, 2), run).ShouldBe([2, 3, 4]);
    }

    [Fact]
    public void KeepBest_EqualValues_PrefersHigherStep() =>
        KeptBy(RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 1), [At(1, loss: 0.3), At(2, loss: 0.3), At(3, loss: 0.9)])
            .ShouldBe([2, 3]);

    [Fact]
    public void KeepBest_NaNValue_IsNotRankedAndSaysSo()
    {
        var plan = RetentionPlanner.Plan(
            [At(1, loss: double.NaN), At(2, loss: 0.5), At(3, loss: 0.9)], RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 2), T0);

        plan.Kept.Steps().ShouldBe([2, 3]);
        plan.For(1).Reasons.ShouldContain("loss is NaN: not ranked by best loss (min)");
    }

    [Fact]
    public void KeepWithin_WindowBoundary_IsInclusive()
    {
        var now = T0.AddHours(10);
        RetentionCandidate[] run = [At(1, createdAt: now.AddHours(-2).AddTicks(-1)), At(2, createdAt: now.AddHours(-2)), At(3, createdAt: now.AddHours(-1))];

        KeptBy(RetentionPolicy.KeepWithin(TimeSpan.FromHours(2)), run, now).ShouldBe([2, 3]);
    }

    [Fact]
    public void KeepWithin_WindowLongerThanTheCalendar_KeepsEverythingWithoutThrowing() =>
        KeptBy(RetentionPolicy.KeepWithin(TimeSpan.MaxValue), [At(1), At(2)]).ShouldBe([1, 2]);

    [Fact]
    public void KeepOnePer_SixHours_KeepsLastOfEachPeriodAlignedToUtc()
    {
        // 07:30+02:00 is 05:30 UTC: step 3 belongs to the 00:00-06:00 UTC period, not to its local 06:00-12:00.
        var plus2 = TimeSpan.FromHours(2);
        RetentionCandidate[] run =
        [
            At(1, createdAt: T0.AddHours(1)), At(2, createdAt: T0.AddHours(3)),
            At(3, createdAt: new DateTimeOffset(2025, 3, 1, 7, 30, 0, plus2)), At(4, createdAt: T0.AddHours(6)),
            At(5, createdAt: T0.AddHours(7)), At(6, createdAt: T0.AddHours(13)), At(7, createdAt: T0.AddHours(14)),
        ];

        var plan = RetentionPlanner.Plan(run, RetentionPolicy.KeepOnePer(TimeSpan.FromHours(6)), T0);

        plan.Kept.Steps().ShouldBe([3, 5, 7]);
        plan.For(5).Reasons.ShouldBe(["one per 6h (last of the period from 2025-03-01T06:00:00Z)"]);
    }

    [Fact]
    public void KeepAll_KeepsEveryIntactCandidateButNotDamagedOnes()
    {
        var plan = RetentionPlanner.Plan([At(1), At(2, intact: false), At(3)], RetentionPolicy.KeepAll(), T0);

        plan.Kept.Steps().ShouldBe([1, 3]);
        plan.Reported.Steps().ShouldBe([2]);
    }

    [Fact]
    public void AnyOf_TwoRules_KeepsTheUnionWithEachReason()
    {
        var policy = RetentionPolicy.AnyOf(RetentionPolicy.KeepLast(1), RetentionPolicy.KeepEverySteps(2));

        var plan = RetentionPlanner.Plan([At(1), At(2), At(3), At(4), At(5)], policy, T0);

        plan.Kept.Steps().ShouldBe([2, 4, 5]);
        plan.For(5).Reasons.ShouldBe(["newest intact", "keep-last 1"]);
        plan.For(4).Reasons.ShouldBe(["every 2 steps"]);
    }

    [Fact]
    public void ToString_Combination_DescribesEveryRule() =>
        RetentionPolicy.AnyOf(
                RetentionPolicy.KeepLast(3),
                RetentionPolicy.KeepBest("val_loss", MetricGoal.Minimize, 2),
                RetentionPolicy.KeepOnePer(TimeSpan.FromHours(6)),
                RetentionPolicy.KeepWithin(TimeSpan.FromMinutes(90)))
            .ToString()
            .ShouldBe("any-of (keep-last 3, keep-best 2 by val_loss (min), keep-one-per 6h, keep-within 1h30m)");

    public static TheoryData<Func<RetentionPolicy>, string> InvalidArguments => new()
    {
        { () => RetentionPolicy.KeepLast(0), "n" },
        { () => RetentionPolicy.KeepLast(-3), "n" },
        { () => RetentionPolicy.KeepEverySteps(0), "n" },
        { () => RetentionPolicy.KeepEveryEpochs(-1), "n" },
        { () => RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 0), "k" },
        { () => RetentionPolicy.KeepBest("loss", (MetricGoal)7, 1), "goal" },
        { () => RetentionPolicy.KeepWithin(TimeSpan.Zero), "window" },
        { () => RetentionPolicy.KeepOnePer(TimeSpan.FromSeconds(-1)), "period" },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public void Factory_OutOfRangeArgument_ThrowsNamingIt(Func<RetentionPolicy> create, string parameter)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(create);

        error.ParamName.ShouldBe(parameter);
        error.Message.ShouldContain("needs");
    }

    [Fact]
    public void KeepBest_BlankMetric_Throws() =>
        Should.Throw<ArgumentException>(() => RetentionPolicy.KeepBest(" ", MetricGoal.Minimize, 1)).ParamName.ShouldBe("metric");

    [Fact]
    public void AnyOf_NoPolicies_Throws() =>
        Should.Throw<ArgumentException>(() => RetentionPolicy.AnyOf()).Message.ShouldContain("at least one");

    [Fact]
    public void AnyOf_NullPolicy_ThrowsNamingItsPosition() =>
        Should.Throw<ArgumentException>(() => RetentionPolicy.AnyOf(RetentionPolicy.KeepAll(), null!)).Message.ShouldContain("#1");

    private static RetentionCandidate Acc(long step, double value) =>
        At(step) with { Metrics = new Dictionary<string, double> { ["acc"] = value } };
}

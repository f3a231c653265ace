using Ratchet.Retention;
using static Ratchet.Tests.Retention.Candidates;

namespace Ratchet.Tests.Retention;

public sealed class RetentionPlannerTests
{
    [Fact]
    public void Plan_KeepBestWithKeepLast_NewestIsNeverEvicted()
    {
        // Given Orbax's failing setup: keep the best 1 by loss and at most 1 more, where the newest is not
        // the best (loss rose after step 300), which evicted the newest and made resuming fail.
        RetentionCandidate[] run = [At(100, loss: 0.9), At(200, loss: 0.5), At(300, loss: 0.2), At(400, loss: 0.4), At(500, loss: 0.6)];

        // When planned with keep-best alone and with keep-best combined with keep-last,
        var bestOnly = RetentionPlanner.Plan(run, RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 1), T0);
        var combined = RetentionPlanner.Plan(
            run, RetentionPolicy.AnyOf(RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 1), RetentionPolicy.KeepLast(1)), T0);

        // then both the best and the newest survive either way.
        bestOnly.Kept.Steps().ShouldBe([300, 500]);
        combined.Kept.Steps().ShouldBe([300, 500]);
        combined.Dropped.Steps().ShouldBe([100, 200, 400]);
        combined.For(300).Reasons.ShouldBe(["best loss (min) #1 of 1"]);
        combined.For(500).Reasons.ShouldBe(["newest intact", "keep-last 1"]);
    }

    [Fact]
    public void Plan_DamagedNewest_DoesNotShieldOlderOnes()
    {
        RetentionCandidate[] run = [At(1), At(2), At(3, intact: false)];

        var plan = RetentionPlanner.Plan(run, RetentionPolicy.KeepLast(1), T0);

        plan.Kept.Steps().ShouldBe([2]);
        plan.For(2).Reasons.ShouldContain("newest intact");
        plan.Dropped.Steps().ShouldBe([1]);
        plan.Reported.Steps().ShouldBe([3]);
        plan.For(3).Reasons.ShouldBe(["damaged: not a resume point; left in place until removed explicitly"]);
    }

    [Fact]
    public void Plan_KeepLastWithDamagedCandidates_CountsOnlyIntactOnes()
    {
        RetentionCandidate[] run = [At(1), At(2), At(3, intact: false), At(4), At(5, intact: false)];

        var plan = RetentionPlanner.Plan(run, RetentionPolicy.KeepLast(2), T0);

        plan.Kept.Steps().ShouldBe([2, 4]);
        plan.Dropped.Steps().ShouldBe([1]);
        plan.Reported.Steps().ShouldBe([3, 5]);
    }

    [Fact]
    public void Plan_NoIntactCheckpoint_DropsNothing()
    {
        RetentionCandidate[] run = [At(1, intact: false), At(2, intact: false, pinned: true)];

        var plan = RetentionPlanner.Plan(run, RetentionPolicy.KeepLast(1), T0);

        plan.Dropped.ShouldBeEmpty();
        plan.Kept.ShouldBeEmpty();
        plan.Reported.Steps().ShouldBe([1, 2]);
        plan.For(2).Reasons.ShouldContain("pinned");
    }

    [Fact]
    public void Plan_NoCandidates_IsEmpty() =>
        RetentionPlanner.Plan([], RetentionPolicy.KeepLast(1), T0).Decisions.ShouldBeEmpty();

    [Fact]
    public void Plan_PinnedOldCheckpoint_IsKeptWithReason()
    {
        var plan = RetentionPlanner.Plan([At(1, pinned: true), At(2), At(3)], RetentionPolicy.KeepLast(1), T0);

        plan.Kept.Steps().ShouldBe([1, 3]);
        plan.For(1).Reasons.ShouldBe(["pinned"]);
    }

    [Fact]
    public void Plan_UnsortedInput_DecisionsAreSortedByStep()
    {
        var plan = RetentionPlanner.Plan([At(30), At(10, intact: false), At(20)], RetentionPolicy.KeepAll(), T0);

        plan.Decisions.Steps().ShouldBe([10, 20, 30]);
    }

    [Fact]
    public void Plan_DroppedCandidateWithoutMetric_SaysItWasNotRanked()
    {
        var plan = RetentionPlanner.Plan(
            [At(1), At(2, loss: 0.5), At(3, loss: 0.7)], RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 2), T0);

        plan.For(1).Action.ShouldBe(RetentionAction.Drop);
        plan.For(1).Reasons.ShouldBe(["not kept by any rule", "no loss metric: not ranked by best loss (min)"]);
        plan.For(2).Reasons.ShouldBe(["best loss (min) #1 of 2"]);
        plan.For(3).Reasons.ShouldBe(["newest intact", "best loss (min) #2 of 2"]);
    }

    [Fact]
    public void Plan_DuplicateStep_ThrowsNamingTheStep() =>
        Should.Throw<ArgumentException>(() => RetentionPlanner.Plan([At(7), At(7, intact: false)], RetentionPolicy.KeepAll(), T0))
            .Message.ShouldContain("step 7");

    [Fact]
    public void Plan_NullCandidate_Throws() =>
        Should.Throw<ArgumentException>(() => RetentionPlanner.Plan([At(1), null!], RetentionPolicy.KeepAll(), T0))
            .Message.ShouldContain("#1");

    [Fact]
    public void Plan_HelpersPartitionTheDecisions()
    {
        var plan = RetentionPlanner.Plan([At(1), At(2), At(3, intact: false), At(4)], RetentionPolicy.KeepLast(1), T0);

        plan.Kept.Steps().ShouldBe([4]);
        plan.Dropped.Steps().ShouldBe([1, 2]);
        plan.Reported.Steps().ShouldBe([3]);
    }
}

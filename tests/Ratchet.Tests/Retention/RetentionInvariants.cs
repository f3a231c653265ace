using Ratchet.Retention;

namespace Ratchet.Tests.Retention;

/// <summary>What every plan must satisfy, checked against the naive oracle of <see cref="PolicySpec"/>.</summary>
internal static class RetentionInvariants
{
    public static void Check(IReadOnlyList<RetentionCandidate> candidates, PolicySpec spec, DateTimeOffset now, RetentionPlan plan)
    {
        plan.Decisions.Steps().ShouldBe(candidates.Select(c => c.Step).Order().ToArray(), "one decision per candidate, sorted by step");

        var byStep = plan.Decisions.ToDictionary(d => d.Step);
        var intact = candidates.Where(c => c.IsIntact).ToArray();
        foreach (var damaged in candidates.Where(c => !c.IsIntact))
        {
            byStep[damaged.Step].Action.ShouldBe(RetentionAction.ReportDamaged, $"damaged step {damaged.Step}");
        }

        if (intact.Length == 0)
        {
            plan.Dropped.ShouldBeEmpty("nothing is dropped while no intact checkpoint exists");
            return;
        }

        var newest = intact.MaxBy(c => c.Step)!;
        byStep[newest.Step].Action.ShouldBe(RetentionAction.Keep, "the newest intact checkpoint is kept");
        byStep[newest.Step].Reasons.ShouldContain("newest intact");

        foreach (var pinned in intact.Where(c => c.IsPinned))
        {
            byStep[pinned.Step].Action.ShouldBe(RetentionAction.Keep, $"pinned step {pinned.Step} is kept");
            byStep[pinned.Step].Reasons.ShouldContain("pinned");
        }

        foreach (var best in spec.BestRules())
        {
            var first = best.Ranking(intact).Take(1).ToArray();
            foreach (var step in first)
            {
                byStep[step].Action.ShouldBe(RetentionAction.Keep, $"step {step} is the best under {best}");
            }
        }

        var expected = spec.Oracle(intact, now)
            .Append(newest.Step)
            .Concat(intact.Where(c => c.IsPinned).Select(c => c.Step))
            .Distinct()
            .Order()
            .ToArray();
        plan.Kept.Steps().ShouldBe(expected, $"kept set under {spec}");
        plan.Dropped.Steps().ShouldBe(intact.Select(c => c.Step).Except(expected).Order().ToArray(), "dropped = intact minus kept");

        // Plain loops rather than ShouldAllBe, which compiles an expression tree on every call.
        foreach (var decision in plan.Kept)
        {
            decision.Reasons.ShouldNotBeEmpty($"kept step {decision.Step} says why");
        }

        foreach (var decision in plan.Dropped)
        {
            decision.Reasons[0].ShouldBe("not kept by any rule", $"dropped step {decision.Step}");
        }
    }
}

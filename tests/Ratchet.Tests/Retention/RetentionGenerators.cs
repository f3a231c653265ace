using FsCheck;
using FsCheck.Fluent;
using Ratchet.Retention;

namespace Ratchet.Tests.Retention;

/// <summary>One save of a simulated run, plus the damage and pin changes that happened since the previous one.</summary>
internal sealed record SaveEvent(
    int StepDelta, bool NextEpoch, int Minutes, int OffsetHours, double? Loss, double? Acc, bool Pinned, bool Intact, int? DamageFlip, int? PinFlip)
{
    public override string ToString() =>
        $"+{StepDelta}{(NextEpoch ? "e" : "")} +{Minutes}m@{OffsetHours:+0;-0;0}h loss={Loss} acc={Acc}{(Pinned ? " pin" : "")}{(Intact ? "" : " DAMAGED")}"
        + (DamageFlip is { } d ? $" flip-damage#{d}" : "") + (PinFlip is { } p ? $" flip-pin#{p}" : "");
}

/// <summary>A simulated run: the policy it uses, its saves, and how long after the last save each plan is made.</summary>
internal sealed record RunScenario(PolicySpec Policy, SaveEvent[] Saves, int PlanDelayMinutes)
{
    public override string ToString() =>
        $"{Policy}; plan after {PlanDelayMinutes}m; saves: [{string.Join("; ", Saves.Select(s => s.ToString()))}]";
}

internal static class RetentionGenerators
{
    private static readonly string[] MetricNames = ["loss", "acc"];

    // A small value range on purpose: ties between checkpoints exercise the keep-best tie-break.
    private static readonly Gen<double?> MetricValue = Gen.Frequency(
        (8, Gen.Choose(0, 20).Select(i => (double?)(i / 10.0))),
        (1, Gen.Constant((double?)null)),
        (1, Gen.Constant((double?)double.NaN)));

    private static readonly Gen<int?> Flip = Gen.Frequency(
        (6, Gen.Constant((int?)null)),
        (1, Gen.Choose(0, 30).Select(i => (int?)i)));

    public static readonly Gen<PolicySpec> Rule = Gen.Frequency(
        (3, Gen.Choose(1, 4).Select(n => (PolicySpec)new PolicySpec.Last(n))),
        (2, Gen.Elements(2L, 3L, 5L, 10L).Select(n => (PolicySpec)new PolicySpec.EverySteps(n))),
        (2, Gen.Choose(1, 3).Select(n => (PolicySpec)new PolicySpec.EveryEpochs(n))),
        (4, from metric in Gen.Elements(MetricNames)
            from goal in Gen.Elements(MetricGoal.Minimize, MetricGoal.Maximize)
            from k in Gen.Choose(1, 3)
            select (PolicySpec)new PolicySpec.Best(metric, goal, k)),
        (2, Gen.Choose(1, 120).Select(m => (PolicySpec)new PolicySpec.Within(TimeSpan.FromMinutes(m)))),
        (2, Gen.Elements(15, 30, 60, 360).Select(m => (PolicySpec)new PolicySpec.OnePer(TimeSpan.FromMinutes(m)))),
        (1, Gen.Constant((PolicySpec)new PolicySpec.All())));

    private static readonly Gen<PolicySpec> Combination =
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Rule, n)).Select(parts => (PolicySpec)new PolicySpec.AnyOf(parts));

    public static readonly Gen<PolicySpec> Policy = Gen.Frequency(
        (2, Rule),
        (4, Combination),
        (1, Gen.Zip(Rule, Combination, (rule, nested) => (PolicySpec)new PolicySpec.AnyOf([rule, nested]))));

    public static readonly Gen<SaveEvent> Save =
        from stepDelta in Gen.Choose(1, 4)
        from nextEpoch in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from minutes in Gen.Choose(0, 45)
        from offsetHours in Gen.Choose(-5, 5)
        from loss in MetricValue
        from acc in MetricValue
        from pinned in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from intact in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from damageFlip in Flip
        from pinFlip in Flip
        select new SaveEvent(stepDelta, nextEpoch, minutes, offsetHours, loss, acc, pinned, intact, damageFlip, pinFlip);

    public static readonly Arbitrary<RunScenario> Run = Arb.From(
        from policy in Policy
        from saves in Gen.ArrayOf(Save)
        from delay in Gen.Choose(0, 90)
        select new RunScenario(policy, saves, delay),
        Shrink);

    /// <summary>Smaller scenarios to report on failure: fewer saves, fewer rules.</summary>
    private static IEnumerable<RunScenario> Shrink(RunScenario scenario)
    {
        var saves = scenario.Saves;
        if (saves.Length > 1)
        {
            yield return scenario with { Saves = saves[..(saves.Length / 2)] };
        }

        for (var i = 0; i < saves.Length; i++)
        {
            yield return scenario with { Saves = [.. saves[..i], .. saves[(i + 1)..]] };
        }

        if (scenario.Policy is PolicySpec.AnyOf { Parts: var parts })
        {
            foreach (var part in parts)
            {
                yield return scenario with { Policy = part };
            }
        }
    }

    /// <summary>The candidate a save produces, given the previous one (null for the first save).</summary>
    public static RetentionCandidate Next(RetentionCandidate? previous, SaveEvent save)
    {
        var metrics = new Dictionary<string, double>();
        if (save.Loss is { } loss)
        {
            metrics["loss"] = loss;
        }

        if (save.Acc is { } acc)
        {
            metrics["acc"] = acc;
        }

        return new RetentionCandidate(
            (previous?.Step ?? 0) + save.StepDelta,
            (previous?.Epoch ?? 0) + (save.NextEpoch ? 1 : 0),
            // Local offsets vary as on machines in different zones; periods must still follow UTC.
            (previous?.CreatedAt ?? Candidates.T0).AddMinutes(save.Minutes).ToOffset(TimeSpan.FromHours(save.OffsetHours)),
            metrics,
            save.Intact,
            save.Pinned);
    }
}

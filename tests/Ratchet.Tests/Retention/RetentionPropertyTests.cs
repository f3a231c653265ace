using FsCheck;
using FsCheck.Fluent;
using Ratchet.Retention;

namespace Ratchet.Tests.Retention;

public sealed class RetentionPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Plan_RandomRunPrunedAfterEverySave_InvariantsHoldAndKeptSetMatchesRules() =>
        Check.One(Config, Prop.ForAll(RetentionGenerators.Run, scenario =>
        {
            // Given a run that saves one checkpoint at a time, while older ones get damaged or (un)pinned,
            var policy = scenario.Policy.Build();
            var run = new List<RetentionCandidate>();
            RetentionCandidate? last = null;
            foreach (var save in scenario.Saves)
            {
                Flip(run, save.DamageFlip, c => c with { IsIntact = !c.IsIntact });
                Flip(run, save.PinFlip, c => c with { IsPinned = !c.IsPinned });
                last = RetentionGenerators.Next(last, save);
                run.Add(last);

                // when retention is planned after the save and its drops are applied,
                var now = last.CreatedAt.AddMinutes(scenario.PlanDelayMinutes);
                var plan = RetentionPlanner.Plan(run, policy, now);

                // then the invariants hold and exactly what the rules say is kept.
                RetentionInvariants.Check(run, scenario.Policy, now, plan);
                var dropped = plan.Dropped.Steps().ToHashSet();
                run.RemoveAll(c => dropped.Contains(c.Step));
            }
        }));

    [Fact]
    public void Plan_RandomCandidateSetInAnyOrder_MatchesRulesAndIgnoresInputOrder()
    {
        var sets =
            from scenario in RetentionGenerators.Run.Generator
            from shuffled in Gen.Shuffle(Unpruned(scenario.Saves))
            select (scenario.Policy, Candidates: shuffled, scenario.PlanDelayMinutes);

        Check.One(Config, Prop.ForAll(Arb.From(sets), input =>
        {
            var now = Candidates.T0.AddMinutes(input.PlanDelayMinutes * 10);
            var plan = RetentionPlanner.Plan(input.Candidates, input.Policy.Build(), now);

            RetentionInvariants.Check(input.Candidates, input.Policy, now, plan);
            var sorted = RetentionPlanner.Plan(input.Candidates.OrderBy(c => c.Step).ToArray(), input.Policy.Build(), now);
            Describe(plan).ShouldBe(Describe(sorted));
        }));
    }

    private static RetentionCandidate[] Unpruned(SaveEvent[] saves)
    {
        var candidates = new List<RetentionCandidate>();
        foreach (var save in saves)
        {
            candidates.Add(RetentionGenerators.Next(candidates.LastOrDefault(), save));
        }

        return candidates.ToArray();
    }

    private static void Flip(List<RetentionCandidate> run, int? which, Func<RetentionCandidate, RetentionCandidate> change)
    {
        if (which is { } index && run.Count > 0)
        {
            run[index % run.Count] = change(run[index % run.Count]);
        }
    }

    private static string[] Describe(RetentionPlan plan) =>
        plan.Decisions.Select(d => $"{d.Step} {d.Action} {string.Join(" | ", d.Reasons)}").ToArray();
}

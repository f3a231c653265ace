using Ratchet.Testing;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// Item 2 of the suite: each scenario is crashed after every one of its operations, in the durable-only, the
/// all-applied and many random states of what had not reached the disk; every state is reopened with the real
/// code and checked against guarantees 1, 2, 3, 6 and 7.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class PowerLossTests
{
    public static TheoryData<string> ScenarioNames => [.. Scenarios.Names];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Scenario_PowerLossAfterEveryOperation_ReopenKeepsTheGuarantees(string name)
    {
        var scenario = await Scenarios.CreateAsync(name);
        var model = scenario.NewModel();

        CrashSweepReport report;
        try
        {
            report = await CrashSweep.RunAsync(
                scenario.Initial,
                scenario: fs =>
                {
                    var machine = (CrashSimulatingFileSystem)fs;
                    model = scenario.NewModel();
                    model.CompletedOperations = () => machine.Operations;
                    return scenario.RunAsync(fs, model);
                },
                check: (crashed, _) => GuaranteeCheck.CheckAsync(crashed, model, scenario.WorldSize),
                subsetsPerPoint: SweepSize.Current.SubsetsPerPoint,
                seed: name.Length);
        }
        catch (CrashSweepException)
        {
            ReliabilityLedger.Record(scenario.CrashClass, cases: 0, violations: 1);
            throw;
        }

        ReliabilityLedger.Record(scenario.CrashClass, report.CrashStatesChecked);
        report.TotalOperations.ShouldBeGreaterThan(0, "the scenario must do something to crash in");
    }
}

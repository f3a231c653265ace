using Ratchet.Testing;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// Item 2, errors: each scenario is run once per operation with that operation failing (EIO, ENOSPC; a failing
/// Sync or SyncDirectory is a failed fsync). The failure must surface as a clear error (a save throws a
/// <see cref="RatchetException"/>; a prune reports it), never be swallowed; then the machine restarts, with and
/// without losing what was not durable, and the reopened run must keep the guarantees.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class OperationFaultTests
{
    public static TheoryData<string> ScenarioNames => [.. Scenarios.Names];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Scenario_FaultAtEveryOperation_FailsCleanlyAndReopenKeepsTheGuarantees(string name)
    {
        var scenario = await Scenarios.CreateAsync(name);
        int operations = await CountOperationsAsync(scenario);
        var violations = new List<string>();
        var tallies = new Dictionary<FaultClass, (int Cases, int Violations)>();

        for (int index = 1; index <= operations; index++)
        {
            foreach (var fault in new[] { IoFault.InputOutputError, IoFault.NoSpace })
            {
                var (faultClass, violation) = await RunFaultedAsync(scenario, index, fault);
                var tally = tallies.GetValueOrDefault(faultClass);
                tallies[faultClass] = (tally.Cases + 1, tally.Violations + (violation is null ? 0 : 1));
                if (violation is not null)
                {
                    violations.Add($"{fault} at operation {index} of {operations}: {violation}");
                }
            }
        }

        foreach (var (faultClass, tally) in tallies)
        {
            ReliabilityLedger.Record(faultClass, tally.Cases, tally.Violations);
        }

        violations.ShouldBeEmpty();
        tallies.Values.Sum(tally => tally.Cases).ShouldBe(2 * operations);
    }

    private static async Task<int> CountOperationsAsync(Scenario scenario)
    {
        var counter = new FaultInjectingFileSystem(scenario.Initial.CopyCurrentState());
        await scenario.RunAsync(counter, scenario.NewModel());
        return counter.OperationCount;
    }

    private static async Task<(FaultClass Class, string? Violation)> RunFaultedAsync(Scenario scenario, int index, IoFault fault)
    {
        var machine = scenario.Initial.CopyCurrentState();
        var faulty = new FaultInjectingFileSystem(machine).FailOperation(index, fault);
        var model = scenario.NewModel();
        model.CompletedOperations = () => Succeeded(faulty);
        Exception? error = null;
        try
        {
            await scenario.RunAsync(faulty, model);
        }
        catch (Exception e)
        {
            error = e;
        }

        var failed = faulty.FailedOperations.SingleOrDefault();
        if (failed is null)
        {
            return (FaultClass.InputOutputError, $"operation {index} never ran (the scenario is not deterministic)");
        }

        var faultClass = failed.Kind is FileSystemOperationKind.Sync or FileSystemOperationKind.SyncDirectory ? FaultClass.FailedSync
            : fault == IoFault.NoSpace ? FaultClass.InjectedNoSpace : FaultClass.InputOutputError;
        string? violation = Judge(error, model, failed, fault) ?? await CheckRestartsAsync(machine, model, scenario.WorldSize);
        return (faultClass, violation is null ? null : $"{failed}: {violation}");
    }

    /// <summary>Guarantee 9: the fault is reported clearly, never swallowed.</summary>
    private static string? Judge(Exception? error, RunModel model, FileSystemOperation failed, IoFault fault)
    {
        if (error is null)
        {
            return model.PruneFailures.Count > 0 ? null : "the failure was swallowed: the scenario completed and reported nothing";
        }

        if (model.SaveError is { } saveError)
        {
            if (saveError is not (CheckpointSaveException or InsufficientSpaceException))
            {
                return $"the save threw {saveError.GetType().Name} ({saveError.Message}), not a CheckpointSaveException";
            }

            if (fault == IoFault.NoSpace && !saveError.Message.Contains("disk is full", StringComparison.Ordinal))
            {
                return $"the save failed on a full disk without saying so: {saveError.Message}";
            }

            // The failed save is one that started and did not return (with background saves, not always the newest).
            return model.Attempted.Except(model.Returned).Any(step => saveError.Message.Contains($"step {step}", StringComparison.Ordinal))
                ? null
                : $"the save error does not name the step: {saveError.Message}";
        }

        return error switch
        {
            RatchetException => null,
            IOException io when io.Message.Contains(SimulatedRun.Root, StringComparison.Ordinal) => null,
            _ => $"{failed.Kind} failed and the scenario threw {error.GetType().Name} ({error.Message}), not an error naming the file",
        };
    }

    /// <summary>Restarting without a power loss (all applied), with the strictest one (durable only), and with random
    /// ones: the reopened run must keep the guarantees.</summary>
    private static async Task<string?> CheckRestartsAsync(CrashSimulatingFileSystem machine, RunModel model, int? worldSize)
    {
        var states = new List<(string Name, Func<CrashSimulatingFileSystem> Crash)>
        {
            ("restart", machine.CrashNowAllApplied),
            ("power loss, durable only", machine.CrashNowDurableOnly),
        };
        states.AddRange(Enumerable.Range(0, SweepSize.Current.StatesPerFault).Select(seed => ($"power loss, seed {seed}", (Func<CrashSimulatingFileSystem>)(() => machine.CrashNow(new Random(seed))))));
        foreach (var (name, crash) in states)
        {
            try
            {
                await GuaranteeCheck.CheckAsync(crash(), model, worldSize);
            }
            catch (Exception e)
            {
                return $"after a {name}: {e.Message}";
            }
        }

        return null;
    }

    private static List<FileSystemOperation> Succeeded(FaultInjectingFileSystem faulty)
    {
        var failed = faulty.FailedOperations.Select(operation => operation.Index).ToHashSet();
        return [.. faulty.Operations.Where(operation => !failed.Contains(operation.Index))];
    }
}

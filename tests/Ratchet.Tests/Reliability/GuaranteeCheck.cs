using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Runs;
using Ratchet.Testing;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// Reopens a crashed machine's run with the real code (<see cref="TrainingRun.OpenAsync{TConfig}"/>, which sweeps,
/// resolves and reconciles) and checks guarantees 1, 2, 3, 6 and 7 of DESIGN.md against what the scenario promised.
/// </summary>
internal static class GuaranteeCheck
{
    public static async Task CheckAsync(CrashSimulatingFileSystem machine, RunModel model, int? worldSize = null)
    {
        TrainingRun run;
        try
        {
            run = await SimulatedRun.OpenAsync(machine, worldSize: worldSize);
        }
        catch (Exception e)
        {
            // Never a refusal (NoUsableCheckpointException) nor any other error: a crash alone must not stop a resume.
            throw new ShouldAssertException($"Reopening the run after the crash failed with {e.GetType().Name}: {e.Message}", e);
        }

        await using (run)
        {
            var names = machine.Exists(SimulatedRun.CheckpointsDirectory) ? machine.List(SimulatedRun.CheckpointsDirectory).Select(entry => entry.Name).ToList() : [];
            names.Where(LocalRuns.IsDebris).ShouldBeEmpty("the reopen must sweep every .pending-* and .trash-* entry");

            var statuses = await run.Checkpoints.ListAsync(VerificationLevel.Full);
            statuses.Where(status => status.State != CheckpointState.Intact).Select(status => status.Describe())
                .ShouldBeEmpty("a crash must never leave a damaged checkpoint behind (guarantee 2)");
            var present = statuses.Select(status => status.Step!.Value).ToHashSet();

            var required = model.Initial.Except(model.PlannedVictims).Union(Committed(model.CompletedOperations())).Union(model.Returned).ToHashSet();
            required.Except(present).Order().ShouldBeEmpty("a committed checkpoint (a save that returned, or one the plan keeps) disappeared (guarantees 1 and 6)");
            present.Except(model.Initial).Except(model.Attempted).Order().ShouldBeEmpty("a checkpoint appeared that no save wrote (guarantee 2)");
            if (model.VictimsOnlyAfter is { } newer && model.PlannedVictims.Any(victim => !present.Contains(victim)))
            {
                present.Max().ShouldBeGreaterThanOrEqualTo(newer, $"retention removed a checkpoint before step {newer} or a later one was committed (guarantee 6)");
            }

            run.Resume.Step.ShouldBe(present.Count == 0 ? null : present.Max(), "the resume must pick the newest intact checkpoint (guarantee 3)");

            long keep = run.Resume.Chosen?.Manifest?.HistoryLength ?? 0;
            run.History.Count.ShouldBe((int)keep, "after the resume the history must end at the restored checkpoint (guarantee 7)");
            var kept = run.History.Records.Select(record => record.Step).Concat(RolledBackSteps(machine)).ToHashSet();
            model.Appended.Where(step => !kept.Contains(step)).ShouldBeEmpty("a history record whose append returned is neither in the history nor in the rolled-back file (guarantee 7)");
        }
    }

    /// <summary>The steps whose pending directory was renamed into place and whose parent was then fsynced.</summary>
    public static IReadOnlySet<long> Committed(IEnumerable<FileSystemOperation> operations)
    {
        var renamed = new HashSet<long>();
        var committed = new HashSet<long>();
        foreach (var operation in operations)
        {
            if (operation.Kind == FileSystemOperationKind.Rename
                && Path.GetFileName(operation.Path).StartsWith(LocalRuns.PendingPrefix, StringComparison.Ordinal)
                && Path.GetFileName(operation.Destination) is { } name && LocalRuns.IsCommitted(name))
            {
                renamed.Add(long.Parse(name[LocalRuns.CommittedPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (operation.Kind == FileSystemOperationKind.SyncDirectory && operation.Path == SimulatedRun.CheckpointsDirectory)
            {
                committed.UnionWith(renamed);
                renamed.Clear();
            }
        }

        return committed;
    }

    /// <summary>The steps of the records in the rolled-back file; lines that do not parse are skipped.</summary>
    public static IReadOnlyList<long> RolledBackSteps(CrashSimulatingFileSystem machine)
    {
        string path = $"{SimulatedRun.Root}/{MetricsHistory.RolledBackFileName}";
        if (!machine.Exists(path))
        {
            return [];
        }

        var steps = new List<long>();
        foreach (string line in System.Text.Encoding.UTF8.GetString(machine.ReadAllBytes(path)).Split('\n'))
        {
            try
            {
                using var entry = JsonDocument.Parse(line);
                if (entry.RootElement.TryGetProperty("record", out var record))
                {
                    steps.Add(record.GetProperty("step").GetInt64());
                }
            }
            catch (JsonException)
            {
                // A torn entry: the record it copied is still in the live history, or in a later entry.
            }
        }

        return steps;
    }
}

using System.Globalization;
using Xunit.Abstractions;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// Item 3, kills: a real process saves checkpoints of a few megabytes in a loop (with retention) and is killed with
/// SIGKILL at random instants; after each kill the run is reopened and checked, and the next process resumes it.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class KilledProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly object ChildConfig = new { model = "test-child", hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SaveLoop_KilledAtRandomInstants_EveryReopenKeepsTheGuarantees()
    {
        string run = _temp.Combine("run");
        var random = new Random(1121);
        int kills = SweepSize.Current.Kills;
        long committed = 0;
        var violations = new List<string>();

        for (int kill = 0; kill <= kills; kill++)
        {
            // Given a process saving in a loop, killed at a random instant (the last one only after a commit, so the
            // run is sure to have made progress)
            using (var child = ChildProcess.Start("save-loop", run, "4"))
            {
                await child.WaitForLineAsync("resumed");
                if (kill == kills)
                {
                    await child.WaitForLineAsync($"committed {committed + 1}");
                }

                int delay = random.Next(400);
                await Task.Delay(delay);
                child.KillHard();
                committed = Math.Max(committed, child.Output.Where(line => line.StartsWith("committed ", StringComparison.Ordinal))
                    .Select(line => long.Parse(line["committed ".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max());
                output.WriteLine($"kill {kill + 1}: {delay} ms after resuming; committed so far: step {committed}");
            }

            // When the run is reopened, then the guarantees hold
            if (await CheckAsync(run, committed) is { } violation)
            {
                violations.Add($"kill {kill + 1}: {violation}");
            }
        }

        ReliabilityLedger.Record(FaultClass.KilledProcess, kills + 1, violations.Count);
        violations.ShouldBeEmpty();
        committed.ShouldBeGreaterThan(0);
    }

    private static async Task<string?> CheckAsync(string directory, long committed)
    {
        try
        {
            await using var run = await TrainingRun.OpenAsync(directory, ChildConfig, new TrainingRunOptions { HandleStopSignals = false });
            string checkpoints = Path.Combine(directory, "checkpoints");
            // A kill before the first save began leaves no checkpoints/ folder at all (often so on a busy machine).
            var debris = Directory.Exists(checkpoints)
                ? Directory.GetFileSystemEntries(checkpoints).Select(Path.GetFileName).Where(name => LocalRuns.IsDebris(name!)).ToList()
                : [];
            var statuses = await run.Checkpoints.ListAsync(VerificationLevel.Full);
            long resumed = run.Resume.Step ?? 0;
            long keep = run.Resume.Chosen?.Manifest?.HistoryLength ?? 0;
            var problems = new List<string>();
            if (resumed < committed)
            {
                problems.Add($"resumed from step {resumed} though step {committed} was committed (guarantee 1)");
            }

            if (statuses.Any(status => status.State != CheckpointState.Intact) || debris.Count > 0)
            {
                problems.Add($"left damage or debris: {string.Join("; ", statuses.Where(s => s.State != CheckpointState.Intact).Select(s => s.Describe()).Concat(debris!))} (guarantee 2)");
            }

            if (statuses.Count > 0 && statuses.Max(status => status.Step) != resumed)
            {
                problems.Add($"resumed from step {resumed}, not the newest intact one (guarantee 3)");
            }

            if (run.History.Count != keep || !run.History.Records.Select(record => record.Step).SequenceEqual(Enumerable.Range(1, (int)resumed).Select(step => (long)step)))
            {
                problems.Add($"the history holds steps {string.Join(",", run.History.Records.Select(r => r.Step))}, not 1 to {resumed} (guarantee 7)");
            }

            return problems.Count == 0 ? null : string.Join(" ", problems);
        }
        catch (Exception e) when (e is RatchetException or IOException)
        {
            return $"reopening failed: {e.GetType().Name}: {e.Message}";
        }
    }
}

using Ratchet;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace ShardedTraining.Tests;

/// <summary>The proof of the sample: one worker killed with SIGKILL at random instants, the launcher stopping the others
/// each time, the reruns resuming, and the final rows bit-identical to an uninterrupted run's.</summary>
public sealed class KillResumeTests : IDisposable
{
    private const int Seed = 11;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KillingOneRankAtRandomInstants_AndRerunning_EndsWithTheRowsOfAnUninterruptedRun()
    {
        var reference = ReferenceRun.ChecksumAsync(Seed);
        string run = _temp.Combine("killed");
        int randomSeed = Environment.TickCount;
        var random = new Random(randomSeed);
        var log = new List<string> { $"random seed {randomSeed}" };
        string Log() => string.Join("\n", log);
        long committedEpoch = 0;
        int kills = 0;
        for (int round = 0; round < 4; round++)
        {
            using var launch = Launch.Start(run, null, "--epochs", $"{ReferenceRun.Epochs}", "--seed", $"{Seed}");
            var pids = await launch.WaitForWorkersAsync();
            launch.ResumedEpoch().ShouldBe(committedEpoch, $"round {round} did not resume from the newest committed checkpoint\n{Log()}\n{launch.Transcript}");
            int victim = random.Next(Launch.WorldSize);
            int delay = random.Next(0, 1200);
            log.Add($"round {round}: resumed at epoch {committedEpoch}, kill rank {victim} (pid {pids[victim]}) after {delay} ms");
            await Task.Delay(delay);
            if (!Launch.KillIfAlive(pids[victim]))
            {
                log.Add($"round {round}: rank {victim} had already finished");
                (await launch.WaitForExitAsync()).ShouldBe(ExitCodes.Ok, $"{Log()}\n{launch.Transcript}");
                break;
            }

            kills++;
            int exitCode = await launch.WaitForExitAsync();
            exitCode.ShouldNotBe(ExitCodes.Ok, $"{Log()}\n{launch.Transcript}");
            exitCode.ShouldBe(ExitCodes.Failed, $"{Log()}\n{launch.Transcript}");
            launch.Errors.ShouldContain(
                line => line.StartsWith($"error: rank {victim} was killed by signal 9 (exit code 137); the other ranks were stopped. Run again", StringComparison.Ordinal),
                $"{Log()}\n{launch.Transcript}");
            foreach (int pid in pids)
            {
                Launch.KillIfAlive(pid).ShouldBeFalse($"a worker outlived its launcher\n{Log()}\n{launch.Transcript}");
            }

            long newest = await CheckCommittedAsync(run, $"after round {round}\n{Log()}");
            newest.ShouldBeGreaterThanOrEqualTo(committedEpoch, $"the run went back from epoch {committedEpoch} to {newest}\n{Log()}");
            committedEpoch = newest;
            log.Add($"round {round}: newest committed epoch {newest}");
        }

        using var finish = Launch.Start(run, null, "--epochs", $"{ReferenceRun.Epochs}", "--seed", $"{Seed}");
        (await finish.WaitForExitAsync()).ShouldBe(ExitCodes.Ok, $"{Log()}\n{finish.Transcript}");
        kills.ShouldBeGreaterThanOrEqualTo(3, $"the run finished before three kills; make it longer\n{Log()}");

        finish.Checksum().ShouldBe(await reference, $"the final rows differ from an uninterrupted run's after {kills} kills\n{Log()}");
        (await RunTests.ChecksumAsync(run)).ShouldBe(await reference, Log());
        (await CheckCommittedAsync(run, Log())).ShouldBe(ReferenceRun.Epochs);
        var history = await (await RunReader.OpenAsync(run)).ReadHistoryAsync();
        history.Select(record => record.Epoch).ShouldBe(Enumerable.Range(1, ReferenceRun.Epochs).Select(epoch => (long)epoch), Log());
    }

    /// <summary>Every committed checkpoint verifies in full, was saved by every rank, and epochs rise with steps; returns the newest epoch.</summary>
    private static async Task<long> CheckCommittedAsync(string run, string context)
    {
        if (!Directory.Exists(Path.Combine(run, "checkpoints")))
        {
            return 0;
        }

        var statuses = await (await RunReader.OpenAsync(run)).ListAsync(VerificationLevel.Full);
        foreach (var status in statuses)
        {
            status.State.ShouldBe(CheckpointState.Intact, $"{status.Describe()}\n{context}");
            status.Manifest!.Shards!.WorldSize.ShouldBe(Launch.WorldSize, context);
            status.Manifest.Parts.Select(part => part.Rank).Distinct().Count().ShouldBe(Launch.WorldSize, context);
            status.Step.ShouldBe(status.Manifest.Epoch * 8, context);
        }

        var epochs = statuses.Select(status => status.Manifest!.Epoch).Reverse().ToList();
        epochs.ShouldBe(Enumerable.Range(1, epochs.Count).Select(epoch => (long)epoch), $"checkpoints are not one per epoch from 1\n{context}");
        return epochs.Count == 0 ? 0 : epochs[^1];
    }
}

using Ratchet;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.S3;

namespace ShardedTraining.Tests;

/// <summary>The sample on <c>s3://</c> against a real Ceph gateway: a worker killed mid-run, a rerun, and the final rows
/// bit-identical to those of an uninterrupted local run with the same seed.</summary>
public sealed class S3Tests(CephSampleFixture ceph) : IClassFixture<CephSampleFixture>, IDisposable
{
    private const int Seed = 5;
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task OnS3_AKilledWorkerAndARerun_EndWithTheRowsOfAnUninterruptedLocalRun()
    {
        var reference = ReferenceRun.ChecksumAsync(Seed);
        string run = ceph.NewRunLocation();
        int randomSeed = System.Environment.TickCount;
        var random = new Random(randomSeed);

        // Not rank 0: a SIGKILLed rank 0 would hold the run's S3 lease for its 60 s; the launcher's SIGTERM lets it release it.
        int victim = random.Next(1, Launch.WorldSize);
        int delay = random.Next(300, 1500);
        string context = $"random seed {randomSeed}: kill rank {victim} after {delay} ms";
        using (var launch = Launch.Start(run, ceph.Environment(_home.Path), "--epochs", $"{ReferenceRun.Epochs}", "--seed", $"{Seed}"))
        {
            var pids = await launch.WaitForWorkersAsync();
            await Task.Delay(delay);
            Launch.KillIfAlive(pids[victim]).ShouldBeTrue($"rank {victim} finished before the kill; make the run longer\n{context}\n{launch.Transcript}");
            (await launch.WaitForExitAsync()).ShouldBe(ExitCodes.Failed, $"{context}\n{launch.Transcript}");
            launch.Errors.ShouldContain(line => line.StartsWith($"error: rank {victim} was killed by signal 9", StringComparison.Ordinal), $"{context}\n{launch.Transcript}");
        }

        using (var rerun = Launch.Start(run, ceph.Environment(_home.Path), "--epochs", $"{ReferenceRun.Epochs}", "--seed", $"{Seed}"))
        {
            (await rerun.WaitForExitAsync()).ShouldBe(ExitCodes.Ok, $"{context}\n{rerun.Transcript}");
            context += $"; the rerun resumed at epoch {rerun.ResumedEpoch()}";
            rerun.Checksum().ShouldBe(await reference, context);
        }

        S3Storage.Register(ceph.Client);
        var statuses = await (await RunReader.OpenAsync(run)).ListAsync(VerificationLevel.Full);
        statuses.ShouldAllBe(status => status.State == CheckpointState.Intact, context);
        statuses.Select(status => status.Manifest!.Epoch).ShouldBe(Enumerable.Range(1, ReferenceRun.Epochs).Select(epoch => (long)epoch).Reverse(), context);
    }
}

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ratchet;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.S3;

namespace ShardedTraining.Tests;

/// <summary>One real Ceph cluster for the S3 test (started once, stopped after) and a client to make its bucket.</summary>
public sealed class CephFixture : IDisposable
{
    public CephFixture()
    {
        Gateway = CephGateway.Start();
        try
        {
            Client = new AmazonS3Client(new BasicAWSCredentials(Gateway.AccessKey, Gateway.SecretKey), new AmazonS3Config
            {
                ServiceURL = Gateway.Endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = Gateway.Region,
                // Ceph 16 rejects the SDK's default aws-chunked uploads with trailing checksums (400 XAmzContentSHA256Mismatch).
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        }
        catch
        {
            Gateway.Dispose();
            throw;
        }
    }

    public CephGateway Gateway { get; }

    public IAmazonS3 Client { get; }

    /// <summary>The AWS variables the launcher (and so every worker) configures its S3 client from.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["AWS_ENDPOINT_URL"] = Gateway.Endpoint,
        ["AWS_ACCESS_KEY_ID"] = Gateway.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Gateway.SecretKey,
        ["AWS_REGION"] = Gateway.Region,
        ["AWS_PROFILE"] = null,
    };

    public async Task<string> NewBucketAsync()
    {
        string name = "sharded-" + Guid.NewGuid().ToString("N")[..20];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    public void Dispose()
    {
        Client.Dispose();
        Gateway.Dispose();
    }
}

/// <summary>The sample on <c>s3://</c> against a real Ceph gateway: a worker killed mid-run, a rerun, and the final rows
/// bit-identical to those of an uninterrupted local run with the same seed.</summary>
public sealed class S3Tests(CephFixture ceph) : IClassFixture<CephFixture>
{
    private const int Seed = 5;

    [Fact]
    public async Task OnS3_AKilledWorkerAndARerun_EndWithTheRowsOfAnUninterruptedLocalRun()
    {
        var reference = ReferenceRun.ChecksumAsync(Seed);
        string run = $"s3://{await ceph.NewBucketAsync()}/runs/sharded";
        int randomSeed = System.Environment.TickCount;
        var random = new Random(randomSeed);

        // Not rank 0: a SIGKILLed rank 0 would hold the run's S3 lease for its 60 s; the launcher's SIGTERM lets it release it.
        int victim = random.Next(1, Launch.WorldSize);
        int delay = random.Next(300, 1500);
        string context = $"random seed {randomSeed}: kill rank {victim} after {delay} ms";
        using (var launch = Launch.Start(run, ceph.Environment, "--epochs", $"{ReferenceRun.Epochs}", "--seed", $"{Seed}"))
        {
            var pids = await launch.WaitForWorkersAsync();
            await Task.Delay(delay);
            Launch.KillIfAlive(pids[victim]).ShouldBeTrue($"rank {victim} finished before the kill; make the run longer\n{context}\n{launch.Transcript}");
            (await launch.WaitForExitAsync()).ShouldBe(ExitCodes.Failed, $"{context}\n{launch.Transcript}");
            launch.Errors.ShouldContain(line => line.StartsWith($"error: rank {victim} was killed by signal 9", StringComparison.Ordinal), $"{context}\n{launch.Transcript}");
        }

        using (var rerun = Launch.Start(run, ceph.Environment, "--epochs", $"{ReferenceRun.Epochs}", "--seed", $"{Seed}"))
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

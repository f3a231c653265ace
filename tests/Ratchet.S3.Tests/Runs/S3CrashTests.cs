using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.S3.Tests.Runs;

/// <summary>A writer killed with SIGKILL at any point leaves only complete checkpoints that a reader lists; the next
/// writer takes the dead one's lease over once it expires and sweeps what it left. A live writer keeps others out.</summary>
[Collection(CephSuite.Name)]
public sealed class S3CrashTests
{
    private static readonly object ChildConfig = new { model = "s3-child", hidden = 8 };

    // Later than any lease the dead child could have renewed.
    private static readonly TimeProvider AfterTheLease = new ShiftedTimeProvider(TimeSpan.FromMinutes(5));

    private readonly CephFixture _ceph;

    public S3CrashTests(CephFixture ceph)
    {
        _ceph = ceph;
        S3Storage.Register(ceph.Client);
    }

    [Fact]
    public async Task Kill_DuringPartUploads_LeavesOnlyTheCommittedCheckpoint_AndTheNextWriterSweepsTheRest()
    {
        string location = await _ceph.NewRunLocationAsync();
        using (var child = S3Child.Start(_ceph, "save-then-slow-save", location, "512"))
        {
            await child.WaitForLineAsync("saving 2");
            await Task.Delay(1500); // several multipart chunks in flight
            child.KillHard();
        }

        var reader = await RunReader.OpenAsync(location);
        var listed = await reader.ListAsync(VerificationLevel.Full);
        listed.Select(status => (status.Step, status.State)).ShouldBe([(1L, CheckpointState.Intact)]);
        (await reader.ProbeLockAsync()).Held.ShouldBeTrue("the dead writer's lease has not expired yet");
        (await reader.ListDebrisAsync()).ShouldNotBeEmpty();

        await using var next = await TrainingRun.OpenAsync(location, ChildConfig, new TrainingRunOptions { TimeProvider = AfterTheLease });

        next.Resume.Step.ShouldBe(1);
        (await reader.ListDebrisAsync()).ShouldBeEmpty();
        var uploads = await _ceph.Client.ListMultipartUploadsAsync(new Amazon.S3.Model.ListMultipartUploadsRequest { BucketName = S3Location.Parse(location).Bucket, Prefix = S3Location.Parse(location).Key("") });
        (uploads.MultipartUploads ?? []).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(300)]
    [InlineData(700)]
    [InlineData(1100)]
    public async Task Kill_AtAnyPointOfASaveLoop_ReaderListsOnlyIntactCheckpoints_AndTheNextWriterResumesTheNewest(int killAfterMilliseconds)
    {
        string location = await _ceph.NewRunLocationAsync();
        long lastCommitted = 0;
        for (int round = 0; round < 2; round++)
        {
            using (var child = S3Child.Start(_ceph, "save-loop", location, "64"))
            {
                await child.WaitForLineAsync("committed");
                await Task.Delay(killAfterMilliseconds + (round * 137));
                child.KillHard();
                lastCommitted = child.Output.Where(line => line.StartsWith("committed ", StringComparison.Ordinal)).Select(line => long.Parse(line[10..], System.Globalization.CultureInfo.InvariantCulture)).Max();
            }

            var listed = await (await RunReader.OpenAsync(location)).ListAsync(VerificationLevel.Full);
            listed.ShouldNotBeEmpty();
            listed.ShouldAllBe(status => status.State == CheckpointState.Intact);

            // The newest is the last one reported committed, or the one whose manifest landed as the child died.
            listed[0].Step!.Value.ShouldBeInRange(lastCommitted, lastCommitted + 1);
            await using var next = await TrainingRun.OpenAsync(location, ChildConfig, new TrainingRunOptions { TimeProvider = AfterTheLease });
            next.Resume.Step.ShouldBe(listed[0].Step);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Kill_DuringTheManifestPut_TheCheckpointIsWholeOrAbsent(bool requestLands)
    {
        string location = await _ceph.NewRunLocationAsync();
        var where = S3Location.Parse(location);
        using var proxy = new HoldingProxy(_ceph.Gateway.Endpoint, $"PUT /{where.Bucket}/{where.Key("checkpoints/step-0000000002/manifest.json")} ");
        using (var child = S3Child.Start(_ceph, new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = proxy.Endpoint }, "save-then-slow-save", location, "2"))
        {
            await proxy.Triggered.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(1500); // the whole request (headers, and the body after any 100-continue wait) reaches the proxy
            child.KillHard();
            child.Output.ShouldNotContain("committed 2");
        }

        if (requestLands)
        {
            await proxy.ReleaseHeldAsync();
            await Task.Delay(500);
        }

        var listed = await (await RunReader.OpenAsync(location)).ListAsync(VerificationLevel.Full);
        listed.ShouldAllBe(status => status.State == CheckpointState.Intact);
        listed.Select(status => status.Step!.Value).ShouldBe(requestLands ? [2L, 1L] : [1L]);
        await using var next = await TrainingRun.OpenAsync(location, ChildConfig, new TrainingRunOptions { TimeProvider = AfterTheLease });
        next.Resume.Step.ShouldBe(requestLands ? 2 : 1);
    }

    [Fact]
    public async Task OpenAsync_WhileAnotherProcessWrites_IsRefusedNamingIt()
    {
        string location = await _ceph.NewRunLocationAsync();
        using var child = S3Child.Start(_ceph, "hold", location);
        await child.WaitForLineAsync("opened");

        var refused = await Should.ThrowAsync<RunLockedException>(() => TrainingRun.OpenAsync(location, ChildConfig));

        refused.Holder.ShouldNotBeNull().ProcessId.ShouldBe(child.Id);
        (await (await RunReader.OpenAsync(location)).ProbeLockAsync()).Held.ShouldBeTrue();
    }
}

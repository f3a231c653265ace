using Ratchet.Storage;

namespace Ratchet.S3.Tests;

/// <summary>What only the S3 store has to get right: create-only commits between two writers, names that cannot
/// escape a checkpoint's prefix, and the lease that fences a writer that was taken over.</summary>
[Collection(CephSuite.Name)]
public sealed class S3RunStoreTests(CephFixture ceph)
{
    [Fact]
    public async Task Commit_TwoStoresRaceForOneStep_OnlyTheFirstManifestIsWritten()
    {
        string location = await ceph.NewRunLocationAsync();
        var first = new S3RunStore(location, ceph.Client);
        var second = new S3RunStore(location, ceph.Client);
        await using var a = await first.StageCheckpointAsync(1, default);
        await using var b = await second.StageCheckpointAsync(1, default);

        await a.CommitAsync("step-0000000001", RunLayout.ManifestFile, "A"u8.ToArray(), default);
        await Should.ThrowAsync<StoreConflictException>(() => b.CommitAsync("step-0000000001", RunLayout.ManifestFile, "B"u8.ToArray(), default));

        await using var manifest = await first.OpenCheckpointFileAsync("step-0000000001", RunLayout.ManifestFile, 0, default);
        (await Bytes.ReadAllAsync(manifest)).ShouldBe("A"u8.ToArray());
    }

    [Theory]
    [InlineData("../run.json")]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task CheckpointFileNames_WithSeparatorsOrDotDot_AreRefused(string name)
    {
        var store = new S3RunStore(await ceph.NewRunLocationAsync(), ceph.Client);

        await Should.ThrowAsync<IOException>(() => store.OpenCheckpointFileAsync("step-0000000001", name, 0, default));
        await Should.ThrowAsync<IOException>(() => store.OpenCheckpointFileAsync(name, "x", 0, default));
        await using var staging = await store.StageCheckpointAsync(1, default);
        await Should.ThrowAsync<IOException>(() => staging.CreatePartAsync(name, default));
    }

    [Fact]
    public async Task WriterLock_ExpiredLease_IsTakenOver_AndTheOldHolderCannotCommit()
    {
        string location = await ceph.NewRunLocationAsync();
        var stalled = new S3RunStore(location, ceph.Client);
        await using var stalledLock = await stalled.AcquireWriterLockAsync(TimeProvider.System, default);
        var log = new ListLogger();
        var taker = new S3RunStore(location, ceph.Client, log);
        (await taker.ProbeWriterLockAsync(default)).Held.ShouldBeTrue();

        await using var takenLock = await taker.AcquireWriterLockAsync(new Runs.ShiftedTimeProvider(S3WriterLease.LeaseDuration * 2), default);

        log.Lines.ShouldContain(line => line.StartsWith("Took over the writer lock", StringComparison.Ordinal) && line.Contains($"pid {Environment.ProcessId}", StringComparison.Ordinal));
        await using var staging = await stalled.StageCheckpointAsync(1, default);
        var fenced = await Should.ThrowAsync<IOException>(() => staging.CommitAsync("step-0000000001", RunLayout.ManifestFile, "A"u8.ToArray(), default));
        fenced.Message.ShouldContain("no longer holds the writer lock");
        (await taker.ListCheckpointsAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ProbeWriterLock_LeaseNotRenewedForALease_IsNotHeld_AndTheNextWriterTakesIt()
    {
        string location = await ceph.NewRunLocationAsync();
        var where = S3Location.Parse(location);
        string stale = """{"pid":4242,"host":"elsewhere","since_utc":"2020-01-01T00:00:00Z","renewed_utc":"2020-01-01T00:00:00Z","token":"dead"}""";
        await ceph.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = where.Bucket, Key = where.Key("run.lock"), ContentBody = stale });
        var store = new S3RunStore(location, ceph.Client);

        var probe = await store.ProbeWriterLockAsync(default);

        probe.Held.ShouldBeFalse();
        probe.Holder.ShouldNotBeNull().ProcessId.ShouldBe(4242);
        await using var taken = await store.AcquireWriterLockAsync(TimeProvider.System, default);
        (await store.ProbeWriterLockAsync(default)).Holder.ShouldNotBeNull().ProcessId.ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public async Task SweepDebris_KeysWithDotDotSegments_DeleteNothingOutsideTheRun()
    {
        string location = await ceph.NewRunLocationAsync();
        var where = S3Location.Parse(location);
        string canary = where.Prefix + "-canary";
        await ceph.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = where.Bucket, Key = canary, ContentBody = "keep me" });
        string hostile = where.Key("checkpoints/step-0000000005/../../../" + canary[(canary.LastIndexOf('/') + 1)..]);
        await ceph.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = where.Bucket, Key = where.Key("checkpoints/step-0000000005/a.bin"), ContentBody = "x" });
        await ceph.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = where.Bucket, Key = hostile, ContentBody = "hostile" });
        var store = new S3RunStore(location, ceph.Client);

        await store.SweepDebrisAsync(default);

        using var kept = await ceph.Client.GetObjectAsync(where.Bucket, canary);
        kept.ContentLength.ShouldBeGreaterThan(0);
        (await store.ListCheckpointFilesAsync("step-0000000005", default)).Files.ShouldNotContain(file => file.Name == "a.bin");
    }
}

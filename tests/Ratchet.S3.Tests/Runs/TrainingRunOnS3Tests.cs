using System.Text;
using Amazon.S3.Model;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.S3.Tests.Runs;

/// <summary>The public API on an <c>s3://</c> location, end to end against Ceph.</summary>
[Collection(CephSuite.Name)]
public sealed class TrainingRunOnS3Tests
{
    private static readonly object Config = new { model = "s3-test", width = 4 };
    private readonly CephFixture _ceph;

    public TrainingRunOnS3Tests(CephFixture ceph)
    {
        _ceph = ceph;
        S3Storage.Register(ceph.Client);
    }

    [Fact]
    public async Task OpenAsync_SaveThenReopen_ResumesNewestWithHistoryAndRetention()
    {
        string location = await _ceph.NewRunLocationAsync();
        byte[] large = Bytes.Random(20 << 20, seed: 21);

        // Given a run that saved four checkpoints, keeping the last two.
        await using (var run = await TrainingRun.OpenAsync(location, Config, new TrainingRunOptions { Retention = RetentionPolicy.KeepLast(2) }))
        {
            run.Resume.Step.ShouldBeNull();
            for (long step = 1; step <= 4; step++)
            {
                await run.LogAsync(step, 0, new Dictionary<string, double> { ["loss"] = 1.0 / step });
                await run.SaveAsync(new CheckpointContent(step).AddBytes("weights", step == 4 ? large : Bytes.Random(1000, (int)step)).AddJson("state", new { step }));
            }
        }

        // When it is opened again.
        await using var resumed = await TrainingRun.OpenAsync(location, Config, new TrainingRunOptions { Retention = RetentionPolicy.KeepLast(2) });

        // Then it resumes from step 4 with its bytes, its history and only the kept checkpoints.
        resumed.Resume.Step.ShouldBe(4);
        (await resumed.ResumedCheckpoint!.ReadBytesAsync("weights")).ShouldBe(large);
        resumed.History.Count.ShouldBe(4);
        var reader = await RunReader.OpenAsync(location);
        var listed = await reader.ListAsync(VerificationLevel.Full);
        listed.Select(status => status.Step).ShouldBe([4L, 3L]);
        listed.ShouldAllBe(status => status.State == CheckpointState.Intact);
        (await reader.ReadHistoryAsync()).Count.ShouldBe(4);
        (await reader.ListDebrisAsync()).ShouldBeEmpty();
        (await reader.ProbeLockAsync()).Held.ShouldBeTrue();
    }

    [Fact]
    public async Task SnapshotSaves_CommitInTheBackground_OnS3_AndTheStateMayChangeMeanwhile()
    {
        string location = await _ceph.NewRunLocationAsync();
        byte[] weights = Bytes.Random(20 << 20, seed: 31);
        byte[] expected = [.. weights];
        var options = new TrainingRunOptions { Retention = RetentionPolicy.KeepLast(2), SaveMode = SaveMode.Snapshot };
        await using (var run = await TrainingRun.OpenAsync(location, Config, options))
        {
            for (long step = 1; step <= 3; step++)
            {
                await run.LogAsync(step, 0, new Dictionary<string, double> { ["loss"] = 1.0 / step });
                var save = await run.SaveAsync(new CheckpointContent(step).AddBytes("weights", weights));
                if (step == 3)
                {
                    Array.Fill(weights, (byte)7); // the next step, while step 3 may still be uploading
                    (await save.Committed).HistoryLength.ShouldBe(3);
                }
            }
        }

        await using var resumed = await TrainingRun.OpenAsync(location, Config, options);
        resumed.Resume.Step.ShouldBe(3);
        (await resumed.ResumedCheckpoint!.ReadBytesAsync("weights")).ShouldBe(expected);
        (await (await RunReader.OpenAsync(location)).ListAsync(VerificationLevel.Full)).Select(status => (status.Step, status.State))
            .ShouldBe([(3L, CheckpointState.Intact), (2L, CheckpointState.Intact)]);
    }

    [Fact]
    public async Task RunReader_AlteredPartAndHostileManifests_AreDamaged_AndNothingOutsideTheRunIsTouched()
    {
        string location = await _ceph.NewRunLocationAsync();
        var where = S3Location.Parse(location);
        await _ceph.Client.PutObjectAsync(new PutObjectRequest { BucketName = where.Bucket, Key = "outside.bin", ContentBody = "keep me" });
        await using (var run = await TrainingRun.OpenAsync(location, Config))
        {
            for (long step = 1; step <= 3; step++)
            {
                await run.SaveAsync(new CheckpointContent(step).AddBytes("weights", Bytes.Random(1000, (int)step)));
            }
        }

        // Step 1: a part's bytes altered, same length.
        var step1 = await ListKeysAsync(where, "checkpoints/step-0000000001/");
        string part = step1.Single(key => !key.EndsWith("manifest.json", StringComparison.Ordinal));
        await _ceph.Client.PutObjectAsync(new PutObjectRequest { BucketName = where.Bucket, Key = part, InputStream = new MemoryStream(Bytes.Random(1000, seed: 99)) });

        // Step 2: its manifest names a part outside the checkpoint.
        string manifestKey = where.Key("checkpoints/step-0000000002/manifest.json");
        string manifest = await ReadTextAsync(where.Bucket, manifestKey);
        string partName = part[(part.LastIndexOf('/') + 1)..];
        await _ceph.Client.PutObjectAsync(new PutObjectRequest { BucketName = where.Bucket, Key = manifestKey, ContentBody = Rewrap(manifest, body => body.Replace($"\"{partName}\"", "\"../../../outside.bin\"", StringComparison.Ordinal)) });

        // Step 3: an unparsable manifest.
        await _ceph.Client.PutObjectAsync(new PutObjectRequest { BucketName = where.Bucket, Key = where.Key("checkpoints/step-0000000003/manifest.json"), ContentBody = "{ not json" });

        var reader = await RunReader.OpenAsync(location);
        var listed = await reader.ListAsync(VerificationLevel.Full);

        listed.Count.ShouldBe(3);
        listed.ShouldAllBe(status => status.State == CheckpointState.Damaged);
        (await reader.VerifyAsync("step-0000000001")).Problems.ShouldContain(problem => problem.Contains("altered", StringComparison.Ordinal));
        var hostile = await reader.VerifyAsync("step-0000000002");
        hostile.State.ShouldBe(CheckpointState.Damaged, string.Join(" | ", hostile.Problems));
        hostile.Problems.ShouldContain(problem => problem.Contains("outside.bin", StringComparison.Ordinal), string.Join(" | ", hostile.Problems));
        (await ReadTextAsync(where.Bucket, "outside.bin")).ShouldBe("keep me");
    }

    [Fact]
    public async Task OpenAsync_ResumeFromAnEarlierStepThenStartOver_SetsAsideInsteadOfDeleting_AndPinsHold()
    {
        string location = await _ceph.NewRunLocationAsync();
        await using (var run = await TrainingRun.OpenAsync(location, Config))
        {
            for (long step = 1; step <= 3; step++)
            {
                await run.LogAsync(step, 0, new Dictionary<string, double> { ["loss"] = step });
                await run.SaveAsync(new CheckpointContent(step).AddBytes("weights", Bytes.Random(100, (int)step)));
            }
        }

        await RunPins.PinAsync(location, 1);
        (await RunPins.ReadAsync(location)).ShouldBe([1L]);

        // Going back to step 2 sets step 3 aside; the history ends at step 2.
        await using (var back = await TrainingRun.OpenAsync(location, Config, new TrainingRunOptions { ResumeFrom = ResumeFrom.Step(2) }))
        {
            back.Resume.Step.ShouldBe(2);
            back.History.Count.ShouldBe(2);
        }

        var reader = await RunReader.OpenAsync(location);
        (await reader.ListAsync()).Select(status => status.Step).ShouldBe([2L, 1L]);

        // Starting over sets every checkpoint and the history aside.
        await using (var fresh = await TrainingRun.OpenAsync(location, Config, new TrainingRunOptions { StartOver = true }))
        {
            fresh.Resume.Step.ShouldBeNull();
            fresh.History.Count.ShouldBe(0);
        }

        (await (await RunReader.OpenAsync(location)).ListAsync()).ShouldBeEmpty();
        var where = S3Location.Parse(location);
        var setAside = await ListKeysAsync(where, "superseded/");
        setAside.ShouldContain(key => key.EndsWith("/checkpoints/step-0000000003/manifest.json", StringComparison.Ordinal));
        setAside.ShouldContain(key => key.EndsWith("/checkpoints/step-0000000001/manifest.json", StringComparison.Ordinal));
        setAside.ShouldContain(key => key.EndsWith("/history.jsonl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunMaintenance_PruneWithAPin_RemovesOnlyTheUnpinned_AndIsRefusedWhileAWriterHoldsTheRun()
    {
        string location = await _ceph.NewRunLocationAsync();
        await using (var run = await TrainingRun.OpenAsync(location, Config))
        {
            for (long step = 1; step <= 4; step++)
            {
                await run.SaveAsync(new CheckpointContent(step).AddBytes("weights", Bytes.Random(100, (int)step)));
            }

            await Should.ThrowAsync<RunLockedException>(() => RunMaintenance.OpenAsync(location));
        }

        await RunPins.PinAsync(location, 1);
        await using var maintenance = await RunMaintenance.OpenAsync(location);

        var pruned = await maintenance.PruneAsync(RetentionPolicy.KeepLast(1));

        pruned.Failures.ShouldBeEmpty();
        pruned.Removed.Count.ShouldBe(2);
        (await (await RunReader.OpenAsync(location)).ListAsync(VerificationLevel.Full)).Select(status => (status.Step, status.State))
            .ShouldBe([(4L, CheckpointState.Intact), (1L, CheckpointState.Intact)]);
        (await (await RunReader.OpenAsync(location)).ListDebrisAsync()).ShouldBeEmpty();
    }

    /// <summary>A manifest with its body changed and its integrity envelope rebuilt, as a forger would (docs/on-disk-format.md).</summary>
    private static string Rewrap(string manifest, Func<string, string> change)
    {
        const string Suffix = "\n}\n";
        int headerEnd = manifest.IndexOf('\n', StringComparison.Ordinal) + 1;
        string body = change(manifest[headerEnd..^Suffix.Length]);
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        string header = System.Text.RegularExpressions.Regex.Replace(manifest[..headerEnd], "\"body_sha256\":\"[0-9a-f]+\"", $"\"body_sha256\":\"{hash}\"");
        return header + body + Suffix;
    }

    private async Task<List<string>> ListKeysAsync(S3Location where, string relative)
    {
        var listing = await _ceph.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = where.Bucket, Prefix = where.Key(relative) });
        return [.. (listing.S3Objects ?? []).Select(item => item.Key)];
    }

    private async Task<string> ReadTextAsync(string bucket, string key)
    {
        using var response = await _ceph.Client.GetObjectAsync(bucket, key);
        return Encoding.UTF8.GetString(await Bytes.ReadAllAsync(response.ResponseStream));
    }
}

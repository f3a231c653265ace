using Amazon.S3.Model;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.S3.Tests.Runs;

/// <summary>Sharded saves on a real Ceph gateway: the ranks share the checkpoint's prefix, nothing is visible until rank 0's
/// create-only manifest, and a missing rank means no commit and debris that the next open sweeps.</summary>
[Collection(CephSuite.Name)]
public sealed class ShardedRunOnS3Tests
{
    private static readonly object Config = new { model = "sharded-s3" };
    private readonly CephFixture _ceph;

    public ShardedRunOnS3Tests(CephFixture ceph)
    {
        _ceph = ceph;
        S3Storage.Register(ceph.Client);
    }

    private static ShardedRunOptions Options(int rank, int worldSize, TimeSpan timeout) => new()
    {
        Rank = rank,
        WorldSize = worldSize,
        Timeout = timeout,
        Run = new TrainingRunOptions { HandleStopSignals = false },
    };

    // Rank 1's shard is large enough to go up as a multipart upload.
    private static byte[] Shard(int rank, long step) => Bytes.Random(rank == 1 ? 12 << 20 : 1000 + rank, seed: (int)(rank * 100 + step));

    private static async Task<ShardedRun[]> OpenAllAsync(string location, int worldSize, TimeSpan timeout) =>
        await Task.WhenAll(Enumerable.Range(0, worldSize).Select(rank => Task.Run(() => ShardedRun.OpenAsync(location, Config, Options(rank, worldSize, timeout)))));

    private static Task<CheckpointSave>[] Save(IEnumerable<ShardedRun> ranks, long step) =>
        [.. ranks.Select(rank => Task.Run(() => rank.SaveAsync(new CheckpointContent(step, step).AddBytes("model", Shard(rank.Rank, step)))))];

    private static async Task DisposeAllAsync(IEnumerable<ShardedRun> ranks)
    {
        foreach (var rank in ranks)
        {
            await rank.DisposeAsync();
        }
    }

    private async Task<List<string>> KeysAsync(string location, string under)
    {
        var (bucket, prefix) = (location[5..location.IndexOf('/', 5)], location[(location.IndexOf('/', 5) + 1)..] + "/" + under);
        var listed = await _ceph.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return [.. (listed.S3Objects ?? []).Select(item => item.Key[prefix.Length..]).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task FourRanks_CommitOnce_AndResumeTheirOwnShards()
    {
        string location = await _ceph.NewRunLocationAsync();
        var ranks = await OpenAllAsync(location, 4, TimeSpan.FromMinutes(2));
        await Task.WhenAll(Save(ranks, 1));
        await Task.WhenAll(Save(ranks, 2));
        await DisposeAllAsync(ranks);

        (await KeysAsync(location, "checkpoints/step-0000000002/")).ShouldBe(
            ["manifest.json", "rank-00000.model.bin", "rank-00001.model.bin", "rank-00002.model.bin", "rank-00003.model.bin"]);
        var listed = await (await RunReader.OpenAsync(location)).ListAsync(VerificationLevel.Full);
        listed.Select(status => (status.Step, status.State)).ShouldBe([(2L, CheckpointState.Intact), (1L, CheckpointState.Intact)]);

        ranks = await OpenAllAsync(location, 4, TimeSpan.FromMinutes(2));
        foreach (var rank in ranks)
        {
            (await rank.ResumedShard!.ReadBytesAsync("model")).ShouldBe(Shard(rank.Rank, 2));
        }

        await DisposeAllAsync(ranks);
    }

    [Fact]
    public async Task AMissingRank_MeansNoCommit_AndItsDebrisIsSweptByTheNextLaunch()
    {
        string location = await _ceph.NewRunLocationAsync();
        var ranks = await OpenAllAsync(location, 3, TimeSpan.FromSeconds(4));
        await Task.WhenAll(Save(ranks, 1));

        var saves = Save(ranks.Take(2), 2);
        (await Should.ThrowAsync<CheckpointSaveException>(saves[0])).Message.ShouldContain("rank(s) 2 of 3 did not complete");
        await Should.ThrowAsync<CheckpointSaveException>(saves[1]);
        await DisposeAllAsync(ranks);

        var reader = await RunReader.OpenAsync(location);
        (await reader.ListAsync()).Select(status => status.Step).ShouldBe([1L]);
        (await reader.ListDebrisAsync()).ShouldHaveSingleItem().IsUnfinishedSave.ShouldBeTrue();

        ranks = await OpenAllAsync(location, 3, TimeSpan.FromMinutes(2));
        (await KeysAsync(location, "checkpoints/step-0000000002/")).ShouldBeEmpty();
        ranks.ShouldAllBe(rank => rank.ResumedShard!.Step == 1);
        await Task.WhenAll(Save(ranks, 2));
        await DisposeAllAsync(ranks);
        (await (await RunReader.OpenAsync(location)).ListAsync(VerificationLevel.Full)).Select(status => status.State)
            .ShouldBe([CheckpointState.Intact, CheckpointState.Intact]);
    }
}

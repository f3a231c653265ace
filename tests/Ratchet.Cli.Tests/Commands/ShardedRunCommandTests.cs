using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.Cli.Tests.Commands;

/// <summary>The read and maintenance commands on a run saved by three ranks: every rank's parts are listed, verified
/// and pruned together, and a damaged shard makes the whole checkpoint damaged.</summary>
public sealed class ShardedRunCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> ShardedRunAsync(int checkpoints)
    {
        string run = _temp.Combine("sharded");
        var ranks = await Task.WhenAll(Enumerable.Range(0, 3).Select(rank => Task.Run(() => ShardedRun.OpenAsync(run, RunFixture.Config, new ShardedRunOptions
        {
            Rank = rank,
            WorldSize = 3,
            Run = RunFixture.Options,
        }))));
        for (long step = 1; step <= checkpoints; step++)
        {
            await Task.WhenAll(ranks.Select(rank => Task.Run(() => rank.SaveAsync(new CheckpointContent(step, step).AddBytes("rows", RunFixture.Payload(step + rank.Rank))))));
        }

        foreach (var rank in ranks)
        {
            await rank.DisposeAsync();
        }

        return run;
    }

    [Fact]
    public async Task ListVerifyAndPrune_TreatEveryRanksPartsAsOneCheckpoint()
    {
        string run = await ShardedRunAsync(3);

        var listed = await Cli.RunAsync("list", run, "--json");
        listed.ExitCode.ShouldBe(0, listed.ToString());
        var parts = listed.Json().EnumerateArray().First().GetProperty("parts").EnumerateArray().ToList();
        parts.Select(part => part.GetProperty("rank").GetInt32()).ShouldBe([0, 1, 2]);
        parts.Select(part => part.GetProperty("file").GetString()).ShouldBe(["rank-00000.rows.bin", "rank-00001.rows.bin", "rank-00002.rows.bin"]);

        (await Cli.RunAsync("verify", run)).ExitCode.ShouldBe(0);
        (await Cli.RunAsync("status", run)).ExitCode.ShouldBe(0);

        // One rank's shard altered: the checkpoint as a whole is damaged.
        string shard = Path.Combine(run, "checkpoints", "step-0000000002", "rank-00001.rows.bin");
        byte[] bytes = await File.ReadAllBytesAsync(shard);
        bytes[10] ^= 0x40;
        await File.WriteAllBytesAsync(shard, bytes);
        var verified = await Cli.RunAsync("verify", run);
        verified.ExitCode.ShouldBe(3, verified.ToString());
        verified.Output.ShouldContain("rank-00001.rows.bin");

        var pruned = await Cli.RunAsync("prune", run, "--keep-last", "1");
        pruned.ExitCode.ShouldBe(0, pruned.ToString());
        Directory.GetDirectories(Path.Combine(run, "checkpoints")).Select(Path.GetFileName).ShouldBe(["step-0000000003"]);
    }
}

using System.Text;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage;
using Ratchet.Testing;

namespace Ratchet.Tests.Shards;

/// <summary>Sharded saves on a local folder, with every rank in this process: one commit only after every shard is
/// durable, each rank's own shard back on resume, refusal of another world size, and nothing committed when a rank fails.</summary>
public sealed class ShardedRunTests : IDisposable
{
    private static readonly object Config = new { layers = 4 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    private Task<RunReader> Reader() => RunReader.OpenAsync(Run);

    private static ShardedRunOptions Options(int rank, int worldSize, TimeSpan? timeout = null) => new()
    {
        Rank = rank,
        WorldSize = worldSize,
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
        Run = new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null },
    };

    private static byte[] ShardBytes(int rank, long step) => Encoding.UTF8.GetBytes($"rank {rank} at step {step}: " + new string((char)('a' + rank), 1000 + rank));

    private async Task<ShardedRun[]> OpenAllAsync(int worldSize, TimeSpan? timeout = null) =>
        await Task.WhenAll(Enumerable.Range(0, worldSize).Select(rank => Task.Run(() => ShardedRun.OpenAsync(Run, Config, Options(rank, worldSize, timeout)))));

    private static Task<CheckpointSave[]> SaveAllAsync(ShardedRun[] ranks, long step) =>
        Task.WhenAll(ranks.Select(rank => Task.Run(() => rank.SaveAsync(new CheckpointContent(step, step).AddBytes("model", ShardBytes(rank.Rank, step))))));

    private static async Task DisposeAllAsync(IEnumerable<ShardedRun> ranks)
    {
        foreach (var rank in ranks)
        {
            await rank.DisposeAsync();
        }
    }

    [Fact]
    public async Task FourRanks_SaveTogether_AndEachGetsItsOwnShardBack()
    {
        var ranks = await OpenAllAsync(4);
        ranks.ShouldAllBe(rank => rank.ResumedShard == null);
        await SaveAllAsync(ranks, 10);
        await SaveAllAsync(ranks, 20);
        await DisposeAllAsync(ranks);

        var statuses = await (await Reader()).ListAsync(VerificationLevel.Full);
        statuses.Select(status => status.Step).ShouldBe([20L, 10L]);
        statuses.ShouldAllBe(status => status.State == CheckpointState.Intact);
        var manifest = statuses[0].Manifest!;
        manifest.Shards!.WorldSize.ShouldBe(4);
        manifest.Parts.Select(part => (part.Rank, part.File)).ShouldBe(
            [(0, "rank-00000.model.bin"), (1, "rank-00001.model.bin"), (2, "rank-00002.model.bin"), (3, "rank-00003.model.bin")]);
        Directory.GetFiles(Path.Combine(Run, "checkpoints", "step-0000000020")).Select(Path.GetFileName).Order()
            .ShouldBe(["manifest.json", "rank-00000.model.bin", "rank-00001.model.bin", "rank-00002.model.bin", "rank-00003.model.bin"]);

        ranks = await OpenAllAsync(4);
        foreach (var rank in ranks)
        {
            rank.ResumedShard!.Step.ShouldBe(20);
            rank.ResumedShard.Rank.ShouldBe(rank.Rank);
            (await rank.ResumedShard.ReadBytesAsync("model")).ShouldBe(ShardBytes(rank.Rank, 20));
        }

        ranks[0].Run!.Resume.Step.ShouldBe(20);
        ranks[1].Run.ShouldBeNull();
        await DisposeAllAsync(ranks);
    }

    [Fact]
    public async Task ARankThatNeverSaves_MeansNoCommit_AndTheDebrisIsSweptOnTheNextOpen()
    {
        var ranks = await OpenAllAsync(3, TimeSpan.FromSeconds(3));
        await SaveAllAsync(ranks, 1);

        // Rank 2 stops before saving step 2 (as if killed): the others' shards are durable, yet nothing is committed.
        var saves = ranks.Take(2).Select(rank => Task.Run(() => rank.SaveAsync(new CheckpointContent(2, 2).AddBytes("model", ShardBytes(rank.Rank, 2))))).ToArray();
        var zero = await Should.ThrowAsync<CheckpointSaveException>(saves[0]);
        zero.Message.ShouldContain("rank(s) 2 of 3 did not complete their shards");
        var one = await Should.ThrowAsync<CheckpointSaveException>(saves[1]);
        one.Message.ShouldContain("abandoned");
        await Should.ThrowAsync<CheckpointSaveException>(() => ranks[1].SaveAsync(new CheckpointContent(3, 3).AddBytes("model", new byte[] { 1 })));
        await DisposeAllAsync(ranks);

        (await (await Reader()).ListAsync()).Select(status => status.Step).ShouldBe([1L]);
        (await (await Reader()).ListDebrisAsync()).ShouldHaveSingleItem().IsUnfinishedSave.ShouldBeTrue();

        ranks = await OpenAllAsync(3);
        (await (await Reader()).ListDebrisAsync()).ShouldBeEmpty();
        ranks.ShouldAllBe(rank => rank.ResumedShard!.Step == 1);
        await SaveAllAsync(ranks, 2);
        await DisposeAllAsync(ranks);
        (await (await Reader()).ListAsync(VerificationLevel.Full)).Select(status => (status.Step, status.State))
            .ShouldBe([(2L, CheckpointState.Intact), (1L, CheckpointState.Intact)]);
    }

    [Fact]
    public async Task ARankWhosePartFails_AbandonsTheSave_AndTheOthersStopAtOnce()
    {
        var ranks = await OpenAllAsync(3, TimeSpan.FromMinutes(5));
        var started = DateTime.UtcNow;
        var saves = ranks.Select(rank => Task.Run(() => rank.SaveAsync(new CheckpointContent(5, 1).Add(rank.Rank == 1
            ? CheckpointPart.FromWriter("model", PartKind.Bytes, (_, _) => throw new IOException("the device is gone"))
            : CheckpointPart.FromBytes("model", ShardBytes(rank.Rank, 5)))))).ToArray();
        foreach (var save in saves)
        {
            (await Should.ThrowAsync<CheckpointSaveException>(save)).Message.ShouldContain("the device is gone");
        }

        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromMinutes(2)); // not the five-minute timeout
        await DisposeAllAsync(ranks);
        (await (await Reader()).ListAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task WhenRankZeroRefusesTheSaveBeforeStaging_TheOthersStopAtOnce()
    {
        var ranks = await OpenAllAsync(3, TimeSpan.FromMinutes(5));
        await SaveAllAsync(ranks, 5);
        var started = DateTime.UtcNow;

        // Step 3 is older than the committed step 5: rank 0 refuses it before writing anything.
        var saves = ranks.Select(rank => Task.Run(() => rank.SaveAsync(new CheckpointContent(3, 3).AddBytes("model", ShardBytes(rank.Rank, 3))))).ToArray();
        (await Should.ThrowAsync<CheckpointConflictException>(saves[0])).Message.ShouldContain("must be newer");
        foreach (var member in saves.Skip(1))
        {
            (await Should.ThrowAsync<CheckpointSaveException>(member)).Message.ShouldContain("abandoned the save");
        }

        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromMinutes(2)); // not their ten-minute wait for a commit
        await DisposeAllAsync(ranks);
        (await (await Reader()).ListAsync()).Select(status => status.Step).ShouldBe([5L]);
    }

    [Fact]
    public async Task AnotherWorldSize_OrASingleProcess_IsRefused_AndNothingChanges()
    {
        var ranks = await OpenAllAsync(2);
        await SaveAllAsync(ranks, 7);
        await DisposeAllAsync(ranks);
        byte[] runFile = await File.ReadAllBytesAsync(Path.Combine(Run, "run.json"));

        var wider = await Should.ThrowAsync<ShardedRunException>(() => ShardedRun.OpenAsync(Run, Config, Options(0, 3)));
        wider.Message.ShouldContain("was saved by 2 ranks");
        wider.Message.ShouldContain("WORLD_SIZE=2");
        var single = await Should.ThrowAsync<ShardedRunException>(() => TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null }));
        single.Message.ShouldContain("as a single process");

        (await File.ReadAllBytesAsync(Path.Combine(Run, "run.json"))).ShouldBe(runFile);
        var checkpoint = await (await Reader()).OpenCheckpointAsync(7);
        Should.Throw<ShardedRunException>(() => checkpoint.HasPart("model")).Message.ShouldContain("ForRank");
        (await checkpoint.ForRank(1).ReadBytesAsync("model")).ShouldBe(ShardBytes(1, 7));
    }

    [Fact]
    public async Task WhenRankZeroRefusesToOpen_TheRanksWaitingToJoin_StopAtOnceWithItsReason()
    {
        var ranks = await OpenAllAsync(2);
        await SaveAllAsync(ranks, 7);
        await DisposeAllAsync(ranks);

        // A launch of three: ranks 1 and 2 ask to join first, then rank 0 finds the checkpoint was saved by two.
        var waiting = Enumerable.Range(1, 2).Select(rank => Task.Run(() => ShardedRun.OpenAsync(Run, Config, Options(rank, 3, TimeSpan.FromMinutes(5))))).ToArray();
        while (!File.Exists(Path.Combine(Run, "shard-join-00002.json")) || !File.Exists(Path.Combine(Run, "shard-join-00001.json")))
        {
            await Task.Delay(20);
        }

        var started = DateTime.UtcNow;
        await Should.ThrowAsync<ShardedRunException>(() => ShardedRun.OpenAsync(Run, Config, Options(0, 3)));
        foreach (var rank in waiting)
        {
            var refused = await Should.ThrowAsync<ShardedRunException>(rank);
            refused.Message.ShouldContain("rank 0 refused to open it");
            refused.Message.ShouldContain("was saved by 2 ranks");
        }

        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromMinutes(2)); // not their five-minute timeout
        ExitCodes.For(new ShardedRunException("")).ShouldBe(ExitCodes.Conflict);
    }

    [Fact]
    public async Task WhenARankNeverJoins_TheRanksThatDid_StopWithRankZero()
    {
        var joined = Task.Run(() => ShardedRun.OpenAsync(Run, Config, Options(1, 3, TimeSpan.FromMinutes(5))));
        while (!File.Exists(Path.Combine(Run, "shard-join-00001.json")))
        {
            await Task.Delay(20);
        }

        // Long enough for rank 1 to write its join again after rank 0 clears it, even on a busy machine.
        var zero = await Should.ThrowAsync<ShardedRunException>(() => ShardedRun.OpenAsync(Run, Config, Options(0, 3, TimeSpan.FromSeconds(6))));
        zero.Message.ShouldContain("Rank(s) 2 of 3 did not join");
        (await Should.ThrowAsync<ShardedRunException>(joined)).Message.ShouldContain("Rank(s) 2 of 3 did not join");
    }

    [Fact]
    public async Task AJoinLeftByAnEarlierLaunch_DoesNotCount()
    {
        Directory.CreateDirectory(Run);
        await File.WriteAllTextAsync(Path.Combine(Run, "shard-join-00001.json"), """{"rank":1,"nonce":"0123456789abcdef0123456789abcdef","host":"h","pid":1}""");
        var refused = await Should.ThrowAsync<ShardedRunException>(() => ShardedRun.OpenAsync(Run, Config, Options(0, 2, TimeSpan.FromSeconds(1))));
        refused.Message.ShouldContain("Rank(s) 1 of 2 did not join");

        var alone = await Should.ThrowAsync<ShardedRunException>(() => ShardedRun.OpenAsync(Run, Config, Options(1, 2, TimeSpan.FromSeconds(1))));
        alone.Message.ShouldContain("rank 0 did not open it");
    }

    [Fact]
    public void RankAndWorldSize_ComeFromTheTorchrunVariables_WhenTheOptionsDoNotSetThem()
    {
        // Every other test sets both in its options, so these process-wide variables reach only this one.
        try
        {
            Environment.SetEnvironmentVariable(ShardedRunOptions.RankVariable, "2");
            Environment.SetEnvironmentVariable(ShardedRunOptions.WorldSizeVariable, " 4 ");
            new ShardedRunOptions().Resolve().ShouldBe((2, 4));
            new ShardedRunOptions { Rank = 1 }.Resolve().ShouldBe((1, 4));

            Environment.SetEnvironmentVariable(ShardedRunOptions.WorldSizeVariable, "four");
            Should.Throw<RunOptionsException>(() => new ShardedRunOptions().Resolve()).Message.ShouldContain("WORLD_SIZE is 'four', not a whole number");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ShardedRunOptions.RankVariable, null);
            Environment.SetEnvironmentVariable(ShardedRunOptions.WorldSizeVariable, null);
        }

        new ShardedRunOptions().Resolve().ShouldBe((0, 1));
    }

    [Fact]
    public async Task AForgedSessionNamingAPath_IsRefused_AndNothingIsWrittenOutsideTheRun()
    {
        var joining = Task.Run(() => ShardedRun.OpenAsync(Run, Config, Options(1, 2, TimeSpan.FromMinutes(1))));
        string join = Path.Combine(Run, "shard-join-00001.json");
        while (!File.Exists(join))
        {
            await Task.Delay(20);
        }

        string nonce = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(join)).RootElement.GetProperty("nonce").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(Run, "shards.json"),
            $$"""{"session":"../../escape","world_size":2,"resume_step":null,"members":{"1":"{{nonce}}"},"refused":null}""");

        (await Should.ThrowAsync<ShardedRunException>(joining)).Message.ShouldContain("which rank 0 never writes");
        Directory.Exists(_temp.Combine("escape")).ShouldBeFalse();
    }

    [Fact]
    public void RankAndWorldSize_ComeFromTheOptions_AndAreChecked()
    {
        Should.Throw<RunOptionsException>(() => ShardedRun.OpenAsync(Run, Config, Options(4, 4)).GetAwaiter().GetResult()).Message.ShouldContain("not one of 0 to 3");
        Should.Throw<RunOptionsException>(() => ShardedRun.OpenAsync(Run, Config, Options(0, 0)).GetAwaiter().GetResult()).Message.ShouldContain("outside 1 to");
    }
}

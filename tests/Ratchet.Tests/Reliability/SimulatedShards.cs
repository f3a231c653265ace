using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage;
using Ratchet.Storage.Local;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// Two ranks of a sharded run on one simulated machine, driven in a fixed order so that a crash sweep can replay them:
/// rank 1 stages its shard and publishes its record, then rank 0 saves (its own shard, the gathering, the commit), then
/// rank 1 sees the commit. The launch's session is given, not convened: the rendezvous writes only coordination files.
/// </summary>
internal sealed class SimulatedShards : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ShardContext _memberShard;

    private SimulatedShards(TrainingRun zero, CheckpointManager one, ShardContext memberShard)
    {
        Zero = zero;
        One = one;
        _memberShard = memberShard;
    }

    public TrainingRun Zero { get; }

    private CheckpointManager One { get; }

    public static async Task<SimulatedShards> OpenAsync(IFileSystem fileSystem, string session)
    {
        var zero = await SimulatedRun.OpenAsync(fileSystem, worldSize: 2);
        zero.Checkpoints.UseShards(new ShardContext(0, 2, session, Timeout));
        var one = new CheckpointManager(new LocalRunStore(SimulatedRun.Root, fileSystem));
        return new SimulatedShards(zero, one, new ShardContext(1, 2, session, Timeout));
    }

    /// <summary>Both ranks save <paramref name="step"/>; the model notes the attempt, the return, or the error.</summary>
    public async Task SaveAsync(RunModel? model, long step, double loss)
    {
        model?.Attempted.Add(step);
        try
        {
            var staged = await One.StageMemberShardAsync(new CheckpointContent(step, step).AddBytes("G", SimulatedRun.Payload(step + 100, 2000)), _memberShard, CancellationToken.None);
            await Zero.SaveAsync(SimulatedRun.Content(step, loss));
            await One.AwaitMemberCommitAsync(staged, CancellationToken.None);
        }
        catch (Exception e) when (model is not null)
        {
            model.SaveError = e;
            throw;
        }

        model?.Returned.Add(step);
    }

    public ValueTask DisposeAsync() => Zero.DisposeAsync();
}

using Ratchet.Checkpoints;
using Ratchet.Runs.Shards;
using Ratchet.Storage;

namespace Ratchet.Runs;

/// <summary>
/// One rank of a run whose state is split over several processes, each saving its own shard of every checkpoint
/// (docs/sharded-runs.md). Every rank opens the same run with its rank and the world size (from <c>RANK</c> and
/// <c>WORLD_SIZE</c>, as torchrun sets them, or from <see cref="ShardedRunOptions"/>). Rank 0 holds the run like a
/// <see cref="TrainingRun"/> (lock, history, retention) and commits each checkpoint once every rank's shard is durable;
/// the other ranks only stage their shards. A rank that dies mid-save means no commit, and a resume gives every rank
/// its own shard of the same checkpoint back.
/// </summary>
public sealed class ShardedRun : IAsyncDisposable
{
    private readonly CheckpointManager _checkpoints;
    private readonly ShardContext _shard;
    private bool _failed;

    private ShardedRun(TrainingRun? run, CheckpointManager checkpoints, ShardContext shard, Checkpoint? resumed)
    {
        Run = run;
        _checkpoints = checkpoints;
        _shard = shard;
        ResumedShard = resumed;
    }

    /// <summary>This process's rank.</summary>
    public int Rank => _shard.Rank;

    /// <summary>How many ranks save each checkpoint together.</summary>
    public int WorldSize => _shard.WorldSize;

    /// <summary>Where the run is.</summary>
    public string Location => _checkpoints.Store.Location;

    /// <summary>Rank 0's run: its history (log metrics through it), resume decision and stop signal. Null on the other ranks.</summary>
    public TrainingRun? Run { get; }

    /// <summary>This rank's shard of the checkpoint every rank resumed from (read its parts by name), or null on a fresh start.</summary>
    public Checkpoint? ResumedShard { get; }

    /// <summary>
    /// Opens the run as one rank. Rank 0 opens it as <see cref="TrainingRun.OpenAsync{TConfig}(string, TConfig, TrainingRunOptions?, CancellationToken)"/>
    /// does (lock, debris sweep, config check, resume decision), then waits for every other rank to join; the other ranks
    /// wait for rank 0's session and resume from the checkpoint it chose.
    /// </summary>
    /// <param name="location">The run: a folder every rank can reach (a shared file system) or an <c>s3://</c> location.</param>
    /// <param name="config">The resolved config; rank 0 checks it against the run's identity.</param>
    /// <param name="options">Rank, world size, rank 0's run options and the timeout.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <exception cref="ShardedRunException">A rank did not join in time, or the checkpoint to resume from was saved by another
    /// number of ranks (resharding is not supported).</exception>
    /// <exception cref="RunOptionsException">The rank or world size is missing or out of range.</exception>
    public static async Task<ShardedRun> OpenAsync<TConfig>(string location, TConfig config, ShardedRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        options ??= new ShardedRunOptions();
        var (rank, worldSize) = options.Resolve();
        if (rank == 0)
        {
            TrainingRun run;
            try
            {
                run = await TrainingRun.OpenCoreAsync(location, config, options.Run, worldSize, cancellationToken).ConfigureAwait(false);
            }
            catch (RatchetException refusal) when (worldSize > 1 && refusal is not RunLockedException)
            {
                // Not when another launch holds the run: its session file is not this launch's to write.
                await ShardSession.RefuseAsync(location, options.Run.FileSystem, worldSize, refusal.Message).ConfigureAwait(false);
                throw;
            }

            try
            {
                string session = await ShardSession.ConveneAsync(run.Store, worldSize, run.Resume.Step, options.Timeout, cancellationToken).ConfigureAwait(false);
                var shard = new ShardContext(0, worldSize, session, options.Timeout);
                run.Checkpoints.UseShards(shard);
                return new ShardedRun(run, run.Checkpoints, shard, run.ResumedCheckpoint?.ForRank(0));
            }
            catch (Exception failure)
            {
                if (failure is RatchetException)
                {
                    // A rank did not join: those that did stop now with the reason, not at their own timeout.
                    await ShardSession.RefuseAsync(location, options.Run.FileSystem, worldSize, failure.Message).ConfigureAwait(false);
                }

                await run.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var store = RunStores.Open(location, options.Run.FileSystem);
        await store.CreateAsync(cancellationToken).ConfigureAwait(false);
        var (joined, resumeStep) = await ShardSession.JoinAsync(store, rank, worldSize, options.Timeout, cancellationToken).ConfigureAwait(false);
        var checkpoints = new CheckpointManager(store, new CheckpointManagerOptions
        {
            Logger = options.Run.Logger,
            TimeProvider = options.Run.TimeProvider,
            Checksum = options.Run.Checksum,
        });
        var context = new ShardContext(rank, worldSize, joined, options.Timeout);
        return new ShardedRun(null, checkpoints, context, resumeStep is { } step ? await OpenShardAsync(checkpoints, step, context, cancellationToken).ConfigureAwait(false) : null);
    }

    /// <summary>
    /// Saves this rank's shard of checkpoint <see cref="CheckpointContent.Step"/>; every rank saves the same step with its
    /// own parts. Returns once the checkpoint is committed and durable, with every rank's shard: rank 0 commits when all
    /// shards are complete, the others wait for that commit. Rank 0's content supplies the epoch and metrics; retention
    /// runs on rank 0 after the commit. A failed save ends the launch's saving: stop every rank and resume.
    /// </summary>
    /// <param name="content">This rank's parts (names may repeat across ranks: each rank's are its own).</param>
    /// <param name="cancellationToken">Cancels this rank's part of the save; nothing is then committed.</param>
    /// <exception cref="CheckpointSaveException">This rank's parts could not be written, another rank failed or did not
    /// finish within the timeout, or an earlier sharded save of this launch failed. Nothing of the save was committed.</exception>
    public async Task<CheckpointSave> SaveAsync(CheckpointContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (_failed)
        {
            throw new CheckpointSaveException(
                $"Not saving step {content.Step}: an earlier sharded save of this launch failed, and its shards cannot be trusted to match. Stop every rank and resume.");
        }

        try
        {
            if (Run is { } run)
            {
                try
                {
                    return await run.SaveAsync(content, SaveMode.Durable, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    await _checkpoints.AbandonShardsAsync(content.Step, error).ConfigureAwait(false);
                    throw;
                }
            }

            var manifest = await _checkpoints.SaveMemberShardAsync(content, _shard, cancellationToken).ConfigureAwait(false);
            return new CheckpointSave(content.Step, content.Epoch, Task.FromResult(manifest));
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Releases rank 0's lock; the other ranks hold nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Run is { } run)
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A rank other than 0 opens its shard of the checkpoint rank 0 chose (rank 0 verified it in full).</summary>
    private static async Task<Checkpoint> OpenShardAsync(CheckpointManager checkpoints, long step, ShardContext shard, CancellationToken cancellationToken)
    {
        var status = await checkpoints.InspectAsync(RunLayout.CheckpointName(step), VerificationLevel.Fast, null, cancellationToken).ConfigureAwait(false);
        if (status.Manifest is not { } manifest || status.State == CheckpointState.Damaged)
        {
            throw new CheckpointCorruptException(
                $"Rank {shard.Rank} cannot read checkpoint step {step}, which rank 0 chose to resume from: {string.Join(" ", status.Problems)} Stop every rank and resume again.");
        }

        if (manifest.Shards?.WorldSize != shard.WorldSize)
        {
            throw new ShardedRunException(
                $"Checkpoint step {step} was saved by {manifest.Shards?.WorldSize ?? 1} rank(s), but this launch has {shard.WorldSize}. Relaunch with {ShardedRunOptions.WorldSizeVariable}={manifest.Shards?.WorldSize ?? 1}.");
        }

        return checkpoints.Open(status).ForRank(shard.Rank);
    }
}

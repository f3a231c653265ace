using Ratchet.Storage;

namespace Ratchet.Checkpoints;

internal sealed partial class CheckpointManager
{
    /// <summary>This instance's rank when it saves shards of a sharded run; null for a run saved by one process.</summary>
    public int? ShardRank => _writer.Shard?.Rank;

    /// <summary>Makes every later save of this (rank 0) instance a sharded one that gathers the other ranks' shards.</summary>
    public void UseShards(ShardContext shard) => _writer.Shard = shard;

    /// <summary>Rank 0's save of <paramref name="step"/> failed: makes sure the other ranks learn it, even when it failed
    /// before anything was staged.</summary>
    public Task AbandonShardsAsync(long step, Exception error) =>
        _writer.Shard is { } shard ? _writer.AbandonSharedAsync(step, shard, error) : Task.CompletedTask;

    /// <summary>
    /// A rank other than 0 saves its shard and waits for rank 0 to commit the checkpoint. Returns the committed
    /// manifest once it is there and records exactly the parts this rank wrote.
    /// </summary>
    /// <exception cref="CheckpointSaveException">This rank's parts could not be written, another rank abandoned the save, or
    /// no commit came within the timeout; then nothing of this save is committed.</exception>
    public async Task<CheckpointManifest> SaveMemberShardAsync(CheckpointContent content, ShardContext shard, CancellationToken cancellationToken)
    {
        var staged = await StageMemberShardAsync(content, shard, cancellationToken).ConfigureAwait(false);
        return await AwaitMemberCommitAsync(staged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first half of <see cref="SaveMemberShardAsync"/>: this rank's parts durable and its record published.</summary>
    internal async Task<StagedShard> StageMemberShardAsync(CheckpointContent content, ShardContext shard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Parts.Count == 0)
        {
            throw new ArgumentException($"The shard of rank {shard.Rank} for step {content.Step} has no parts; add at least one.", nameof(content));
        }

        var (staging, record) = await _writer.StageMemberShardAsync(content, shard, cancellationToken).ConfigureAwait(false);
        return new StagedShard(staging, record, shard);
    }

    /// <summary>The second half of <see cref="SaveMemberShardAsync"/>: waits for rank 0's commit and checks that it holds
    /// exactly this rank's shard.</summary>
    internal async Task<CheckpointManifest> AwaitMemberCommitAsync(StagedShard staged, CancellationToken cancellationToken)
    {
        var (staging, record, shard) = staged;
        string name = RunLayout.CheckpointName(record.Step);
        await using (staging.ConfigureAwait(false))
        {
            await WaitForCommitAsync(name, staging, shard, record.Step, cancellationToken).ConfigureAwait(false);
        }

        var status = await _verifier.InspectAsync(name, VerificationLevel.Fast, null, null, cancellationToken).ConfigureAwait(false);
        if (status.Manifest is not { Shards: { } layout } manifest || layout.Session != shard.Session
            || !manifest.Parts.Where(part => part.Rank == shard.Rank).SequenceEqual(record.Parts))
        {
            throw new CheckpointSaveException(
                $"Checkpoint step {record.Step} was committed at '{status.DirectoryPath}', but not with the shard rank {shard.Rank} wrote "
                + $"({(status.Problems.Count > 0 ? string.Join(" ", status.Problems) : "another launch committed it")}). Stop every rank and resume.");
        }

        return manifest;
    }

    private async Task WaitForCommitAsync(string name, ISharedCheckpointStaging staging, ShardContext shard, long step, CancellationToken cancellationToken)
    {
        // Twice rank 0's own wait, so that when a rank is missing, rank 0's account of who (its abandon marker) comes first.
        bool committed = await ShardContext.PollUntilAsync(async () =>
        {
            var files = await Store.ListCheckpointFilesAsync(name, cancellationToken).ConfigureAwait(false);
            if (files.Files.Any(file => file.Name == RunLayout.ManifestFile))
            {
                return true;
            }

            IReadOnlyList<FileSystemEntry> staged;
            try
            {
                staged = await staging.ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DirectoryNotFoundException)
            {
                // Rank 0 renamed the staging area into place between the two looks: the next look sees the manifest.
                staged = [];
            }

            return await ShardAbandonment.ReasonAsync(staging, staged, cancellationToken).ConfigureAwait(false) is { } reason
                ? throw new CheckpointSaveException(
                    $"Saving checkpoint step {step} failed: another rank abandoned the save ({reason}). Nothing was committed; the previous checkpoints are unchanged.")
                : false;
        }, shard.Timeout * 2, cancellationToken).ConfigureAwait(false);
        if (!committed)
        {
            throw new CheckpointSaveException(
                $"Saving checkpoint step {step} failed: rank {shard.Rank}'s shard is complete but rank 0 did not commit the checkpoint within {shard.Timeout * 2} "
                + "(rank 0 stopped, or another rank never finished). Nothing was committed; stop every rank and resume.");
        }
    }
}

/// <summary>A rank's shard staged and recorded, waiting for rank 0's commit.</summary>
internal sealed record StagedShard(ISharedCheckpointStaging Staging, ShardRecord Record, ShardContext Shard);

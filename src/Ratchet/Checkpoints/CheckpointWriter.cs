using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Ratchet.Checksums;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>
/// The commit protocol of docs/on-disk-format.md, on any store: parts streamed into a staging area with their
/// checksums computed on the way, each made durable, the manifest last, committed create-only in one step. Until the
/// commit the checkpoint does not exist; after it, it cannot disappear.
/// </summary>
internal sealed partial class CheckpointWriter(IRunStore store, ChecksumAlgorithm algorithm, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Set when this writer is rank 0 of a sharded run: then each commit gathers every rank's shard.</summary>
    public ShardContext? Shard { get; set; }

    public async Task<CheckpointManifest> CommitAsync(CheckpointContent content, string? runSignature, long historyLength, CancellationToken cancellationToken)
    {
        string finalName = RunLayout.CheckpointName(content.Step);
        var clock = Stopwatch.StartNew();
        ICheckpointStaging? staging = null;
        CheckpointManifest manifest;

        // Once the manifest is being written the checkpoint may exist: from then on no failure may tell the other ranks of
        // a sharded save that it was abandoned (on S3 the marker would land inside the committed checkpoint).
        bool committing = false;
        try
        {
            staging = Shard is { } shard
                ? await store.StageSharedCheckpointAsync(content.Step, shard.Session, cancellationToken).ConfigureAwait(false)
                : await store.StageCheckpointAsync(content.Step, cancellationToken).ConfigureAwait(false);
            var written = new List<(PartEntry Entry, IStagedPart Part)>(content.Parts.Count);
            foreach (var part in content.Parts)
            {
                written.Add(await WritePartAsync(staging, part, Shard?.Rank, cancellationToken).ConfigureAwait(false));
            }

            // The parts are made durable only once all are written: syncing each before writing the next leaves the disk
            // idle while the next part is produced. They are completed one by one, in order, so that the sequence of
            // storage operations is the same on every run (the crash sweeps replay it by index). The manifest comes after all.
            foreach (var (entry, part) in written)
            {
                await CompletePartAsync(entry, part, cancellationToken).ConfigureAwait(false);
            }

            var parts = written.ConvertAll(part => part.Entry);
            if (Shard is { } context)
            {
                parts = await GatherShardsAsync((ISharedCheckpointStaging)staging, content.Step, parts, context, cancellationToken).ConfigureAwait(false);
            }

            manifest = new CheckpointManifest(content.Step, content.Epoch, timeProvider.GetUtcNow(), runSignature, historyLength, parts, content.Metrics, WriterInfo.Current)
            {
                Shards = Shard is { } layout ? new ShardLayout(layout.WorldSize, layout.Session) : null,
            };
            committing = true;
            await staging.CommitAsync(finalName, PartNames.ManifestFile, ManifestSerializer.Serialize(manifest), cancellationToken).ConfigureAwait(false);
        }
        catch (StoreCommitUncertainException e)
        {
            // The checkpoint is in place but a power loss could still undo the commit: the save did not succeed.
            string advice = e.InnerException is { } cause && StorageErrors.IsDiskFull(cause)
                ? " The disk is full: free space (for example prune old checkpoints with `ratchet prune`) and save again."
                : "";
            throw new CheckpointSaveException(
                $"Saving checkpoint step {content.Step} failed: {e.Message}. Verify the run before trusting '{finalName}'.{advice}", e);
        }
        catch (StoreConflictException e)
        {
            // No abandon marker: the checkpoint exists, and the other ranks see that it does not hold their shards.
            await AbortAsync(staging).ConfigureAwait(false);
            throw new CheckpointConflictException(
                $"Cannot save step {content.Step}: {e.Message} Another writer committed that step; resume the run to continue from it.");
        }
        catch (OperationCanceledException e)
        {
            await AbandonUnlessCommittingAsync(staging, committing, content.Step, e).ConfigureAwait(false);
            await AbortAsync(staging).ConfigureAwait(false);
            throw;
        }
        catch (Exception e)
        {
            await AbandonUnlessCommittingAsync(staging, committing, content.Step, e).ConfigureAwait(false);
            await AbortAsync(staging).ConfigureAwait(false);
            throw SaveFailed(content.Step, e);
        }

        await AbortAsync(staging).ConfigureAwait(false); // after a commit this only closes what the staging held
        CheckpointLog.Committed(logger, manifest.Step, manifest.Epoch, manifest.Parts.Count, manifest.TotalBytes, clock.ElapsedMilliseconds);
        return manifest;
    }

    /// <summary>Streams one part into the staging area and checksums it; it is completed later, in order.</summary>
    private async Task<(PartEntry Entry, IStagedPart Part)> WritePartAsync(ICheckpointStaging staging, CheckpointPart part, int? rank, CancellationToken cancellationToken)
    {
        string fileName = rank is { } owner ? ShardNames.PartFile(owner, part.Name, part.Kind) : PartNames.FileFor(part.Name, part.Kind);
        try
        {
            using var checksum = IncrementalChecksum.Create(algorithm);
            var staged = await staging.CreatePartAsync(fileName, cancellationToken).ConfigureAwait(false);
            long length;
            var stream = new PartWriteStream(staged, checksum);
            await using (stream.ConfigureAwait(false))
            {
                await part.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                length = stream.BytesWritten;
            }

            return (new PartEntry(part.Name, fileName, part.Kind, length, checksum.Finish()) { Rank = rank }, staged);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PartWriteException(part.Name, fileName, e);
        }
    }

    private static async Task CompletePartAsync(PartEntry part, IStagedPart staged, CancellationToken cancellationToken)
    {
        try
        {
            await staged.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed fsync leaves the data's state unknown: the save fails; it is never retried and trusted.
            throw new PartWriteException(part.Name, part.File, e);
        }
    }

    /// <summary>Removes the staging area of a save that did not commit; a failure leaves it for the next open's sweep.</summary>
    private async Task AbortAsync(ICheckpointStaging? staging)
    {
        if (staging is null)
        {
            return;
        }

        try
        {
            await staging.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure that matters is the one being reported.
            CheckpointLog.PendingNotRemoved(logger, store.Location, e.Message);
        }
    }

    private CheckpointSaveException SaveFailed(long step, Exception error)
    {
        var cause = error is PartWriteException partError ? partError.InnerException! : error;
        string where = error is PartWriteException part ? $"while writing part '{part.PartName}' ({part.FileName})" : $"in '{store.Describe(RunLayout.CheckpointName(step))}'";
        string advice = StorageErrors.IsDiskFull(cause)
            ? " The disk is full: free space (for example prune old checkpoints with `ratchet prune`) and save again."
            : "";
        return new CheckpointSaveException($"Saving checkpoint step {step} failed {where}: {cause.Message} Nothing was committed; the previous checkpoints are unchanged.{advice}", cause);
    }

    private sealed class PartWriteException(string partName, string fileName, Exception inner) : Exception(inner.Message, inner)
    {
        public string PartName { get; } = partName;

        public string FileName { get; } = fileName;
    }
}

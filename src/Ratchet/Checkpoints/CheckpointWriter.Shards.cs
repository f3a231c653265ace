using System.Text;
using System.Text.Json;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>
/// Sharded saves (docs/on-disk-format.md, "Sharded checkpoints"): every rank streams its parts into one staging area
/// shared by the save, makes them durable and then publishes a record of their lengths and checksums. Rank 0 waits for
/// one record per rank, checks that the staging area holds exactly those parts, removes the records and commits one
/// manifest naming every rank's parts. A rank that fails publishes an abandon marker, so that the others stop waiting;
/// a rank that dies publishes nothing, and nothing is committed. What a failed save leaves is debris for the next sweep.
/// </summary>
internal sealed partial class CheckpointWriter
{
    /// <summary>Stages the shard of a rank other than 0: its parts, durable, then its record. The caller then waits for rank 0's commit.</summary>
    public async Task<(ISharedCheckpointStaging Staging, ShardRecord Record)> StageMemberShardAsync(
        CheckpointContent content, ShardContext shard, CancellationToken cancellationToken)
    {
        ISharedCheckpointStaging? staging = null;

        // Once its record is being published, rank 0 may commit with it: a failure after that must not abandon the save.
        bool publishing = false;
        try
        {
            staging = await store.StageSharedCheckpointAsync(content.Step, shard.Session, cancellationToken).ConfigureAwait(false);
            var written = new List<(PartEntry Entry, IStagedPart Part)>(content.Parts.Count);
            foreach (var part in content.Parts)
            {
                written.Add(await WritePartAsync(staging, part, shard.Rank, cancellationToken).ConfigureAwait(false));
            }

            foreach (var (entry, part) in written)
            {
                await CompletePartAsync(entry, part, cancellationToken).ConfigureAwait(false);
            }

            var record = new ShardRecord(shard.Session, content.Step, shard.Rank, shard.WorldSize, written.ConvertAll(part => part.Entry));
            cancellationToken.ThrowIfCancellationRequested();
            publishing = true;
            await staging.PublishAsync(ShardNames.RecordFile(shard.Rank), record.Serialize(), CancellationToken.None).ConfigureAwait(false);
            return (staging, record);
        }
        catch (Exception e)
        {
            if (!publishing)
            {
                await AbandonAsync(staging, content.Step, shard, e).ConfigureAwait(false);
            }

            await AbortAsync(staging).ConfigureAwait(false);
            throw e is OperationCanceledException ? e : SaveFailed(content.Step, e);
        }
    }

    /// <summary>Rank 0: waits for every other rank's record and returns all parts, rank by rank, once the staging area
    /// holds exactly them. The records are removed: their content is in the manifest.</summary>
    private async Task<List<PartEntry>> GatherShardsAsync(
        ISharedCheckpointStaging staging, long step, List<PartEntry> ownParts, ShardContext shard, CancellationToken cancellationToken)
    {
        var records = new SortedDictionary<int, ShardRecord> { [shard.Rank] = new ShardRecord(shard.Session, step, shard.Rank, shard.WorldSize, ownParts) };
        var read = new HashSet<string>(StringComparer.Ordinal) { ShardNames.RecordFile(shard.Rank) };
        bool complete = await ShardContext.PollUntilAsync(async () =>
        {
            var listing = await staging.ListAsync(cancellationToken).ConfigureAwait(false);
            if (await ShardAbandonment.ReasonAsync(staging, listing, cancellationToken).ConfigureAwait(false) is { } reason)
            {
                throw new IOException($"another rank abandoned this save: {reason}");
            }

            foreach (var file in listing.Where(file => ShardNames.IsRecordFile(file.Name) && read.Add(file.Name)))
            {
                var record = await ReadRecordAsync(staging, file.Name, step, shard, cancellationToken).ConfigureAwait(false);
                records[record.Rank] = record;
            }

            return records.Count == shard.WorldSize;
        }, shard.Timeout, cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            var missing = Enumerable.Range(0, shard.WorldSize).Where(rank => !records.ContainsKey(rank));
            throw new TimeoutException(
                $"rank(s) {string.Join(", ", missing)} of {shard.WorldSize} did not complete their shards within {shard.Timeout} (a rank stopped, or is much slower than the timeout allows)");
        }

        // Listed afresh: a listing that pages could have shown a record (listed late) without its parts (listed early).
        var parts = records.Values.SelectMany(record => record.Parts).ToList();
        CheckStagedFiles(await staging.ListAsync(cancellationToken).ConfigureAwait(false), parts, records.Keys.Where(rank => rank != shard.Rank).Select(ShardNames.RecordFile).ToHashSet(StringComparer.Ordinal));
        foreach (int rank in records.Keys.Where(rank => rank != shard.Rank))
        {
            await staging.RemoveAsync(ShardNames.RecordFile(rank), cancellationToken).ConfigureAwait(false);
        }

        return parts;
    }

    private async Task<ShardRecord> ReadRecordAsync(ISharedCheckpointStaging staging, string file, long step, ShardContext shard, CancellationToken cancellationToken)
    {
        string where = store.Describe(RunLayout.CheckpointName(step), file);
        byte[] bytes = await staging.ReadAsync(file, ShardRecord.MaxLength, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"the shard record '{where}' disappeared or is larger than any record");
        var record = ShardRecord.Parse(bytes, where);
        if (record.Session != shard.Session || record.Step != step || record.WorldSize != shard.WorldSize || ShardNames.RecordFile(record.Rank) != file)
        {
            throw new IOException(
                $"the shard record '{where}' is for step {record.Step}, rank {record.Rank} of {record.WorldSize}, session {record.Session}, not for this save "
                + $"(step {step}, world size {shard.WorldSize}, session {shard.Session}); two launches are writing to the same run");
        }

        return record;
    }

    /// <summary>The staging area must hold every recorded part at its recorded length, the records, and nothing else.</summary>
    private static void CheckStagedFiles(IReadOnlyList<FileSystemEntry> listing, List<PartEntry> parts, HashSet<string> recordFiles)
    {
        var files = listing.ToDictionary(file => file.Name, StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (!files.Remove(part.File, out var file) || file.Kind != FileSystemEntryKind.File || file.Length != part.Length)
            {
                throw new IOException(
                    $"rank {part.Rank}'s part '{part.Name}' ({part.File}) is {(file is null ? "missing" : $"a {file.Kind} of {file.Length} bytes")} in the staging area, "
                    + $"but its shard record says {part.Length} bytes");
            }
        }

        if (files.Keys.FirstOrDefault(name => !recordFiles.Contains(name)) is { } extra)
        {
            throw new IOException($"the staging area holds '{extra}', which no rank's shard record names");
        }
    }

    /// <summary>Rank 0's save failed before it staged anything (the space check, a step that is not newer): the other
    /// ranks, already staging or waiting, learn it from the abandon marker instead of waiting out their timeout.</summary>
    public async Task AbandonSharedAsync(long step, ShardContext shard, Exception error)
    {
        try
        {
            var staging = await store.StageSharedCheckpointAsync(step, shard.Session, CancellationToken.None).ConfigureAwait(false);
            await using (staging.ConfigureAwait(false))
            {
                await AbandonAsync(staging, step, shard, error).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The step is committed already (the others then see the commit), or the store is gone.
            CheckpointLog.AbandonNotPublished(logger, step, e.Message);
        }
    }

    private Task AbandonUnlessCommittingAsync(ICheckpointStaging? staging, bool committing, long step, Exception error) =>
        committing ? Task.CompletedTask : AbandonAsync(staging, step, Shard, error);

    /// <summary>Tells the other ranks that this save will not complete, so that they stop waiting for it. A marker
    /// already there (another rank abandoned first) says the same; a manifest there means it did complete.</summary>
    private async Task AbandonAsync(ICheckpointStaging? staging, long step, ShardContext? shard, Exception error)
    {
        if (staging is not ISharedCheckpointStaging shared || shard is null)
        {
            return;
        }

        try
        {
            if ((await shared.ListAsync(CancellationToken.None).ConfigureAwait(false)).Any(file => file.Name is ShardNames.AbandonedFile or RunLayout.ManifestFile))
            {
                return;
            }

            string reason = JsonSerializer.Serialize(new Dictionary<string, object> { ["rank"] = shard.Rank, ["error"] = error.Message });
            await shared.PublishAsync(ShardNames.AbandonedFile, Encoding.UTF8.GetBytes(reason), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CheckpointLog.AbandonNotPublished(logger, step, e.Message);
        }
    }
}

using Ratchet.Storage;

namespace Ratchet.S3;

public sealed partial class S3RunStore
{
    private string CheckpointsPrefix => Where.Key(RunLayout.CheckpointsFolder + "/");

    private string CheckpointPrefix(string checkpoint) => CheckpointsPrefix + S3Names.Segment(checkpoint, "checkpoint") + "/";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListCheckpointsAsync(CancellationToken cancellationToken) =>
        [.. (await ListCheckpointFoldersAsync(cancellationToken).ConfigureAwait(false))
            .Where(folder => folder.Value.HasManifest && RunLayout.IsCheckpointName(folder.Key))
            .Select(folder => folder.Key)];

    /// <inheritdoc/>
    public async Task<CheckpointFiles> ListCheckpointFilesAsync(string checkpoint, CancellationToken cancellationToken)
    {
        string prefix = CheckpointPrefix(checkpoint);
        var files = new List<FileSystemEntry>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in _objects.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            string name = item.Key[prefix.Length..];
            int slash = name.IndexOf('/', StringComparison.Ordinal);

            // A deeper key is shown as the folder it makes, which the verifier reports as an unexpected entry.
            if (slash >= 0)
            {
                if (folders.Add(name[..slash]))
                {
                    files.Add(new FileSystemEntry(name[..slash], FileSystemEntryKind.Directory, 0));
                }
            }
            else
            {
                files.Add(new FileSystemEntry(name, FileSystemEntryKind.File, item.Size ?? 0));
            }
        }

        return new CheckpointFiles(files.Count > 0 ? FileSystemEntryKind.Directory : null, files);
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenCheckpointFileAsync(string checkpoint, string file, long offset, CancellationToken cancellationToken)
    {
        string key = CheckpointPrefix(checkpoint) + S3Names.Segment(file, "checkpoint file");
        return await S3ReadStream.OpenAsync(_objects, key, offset, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"'{Describe(checkpoint, file)}' does not exist.");
    }

    /// <inheritdoc/>
    public async Task<ICheckpointStaging> StageCheckpointAsync(long checkpointStep, CancellationToken cancellationToken)
    {
        string checkpoint = RunLayout.CheckpointName(checkpointStep);
        string prefix = CheckpointPrefix(checkpoint);

        // Parts go straight under the checkpoint's own prefix, so they must never land beside a committed manifest.
        if (await _objects.LengthAsync(prefix + RunLayout.ManifestFile, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new StoreConflictException($"'{Describe(checkpoint)}' is already committed; a checkpoint is never replaced.");
        }

        // What an earlier attempt at this step left (this writer holds the run, so nobody else is saving it).
        await RemoveUnderAsync(prefix, cancellationToken).ConfigureAwait(false);
        if (!_saving.TryAdd(prefix, 0))
        {
            throw new InvalidOperationException($"A save of '{Describe(checkpoint)}' is already in progress in this process.");
        }

        return new S3Staging(this, _objects, checkpoint, prefix, shared: false);
    }

    /// <inheritdoc/>
    public async Task<ISharedCheckpointStaging> StageSharedCheckpointAsync(long checkpointStep, string session, CancellationToken cancellationToken)
    {
        string checkpoint = RunLayout.CheckpointName(checkpointStep);
        string prefix = CheckpointPrefix(checkpoint);
        if (await _objects.LengthAsync(prefix + RunLayout.ManifestFile, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new StoreConflictException($"'{Describe(checkpoint)}' is already committed; a checkpoint is never replaced.");
        }

        // The ranks share the checkpoint's own prefix and nothing there is removed: other ranks are uploading into it.
        // Rank 0 swept what earlier launches left when it opened the run, before the session began.
        if (!_saving.TryAdd(prefix, 0))
        {
            throw new InvalidOperationException($"A save of '{Describe(checkpoint)}' is already in progress in this process.");
        }

        return new S3Staging(this, _objects, checkpoint, prefix, shared: true);
    }

    /// <inheritdoc/>
    public async Task<string> UncommitCheckpointAsync(string checkpoint, CancellationToken cancellationToken)
    {
        string prefix = CheckpointPrefix(checkpoint);
        await EnsureLeaseAsync(cancellationToken).ConfigureAwait(false);

        // One delete makes it uncommitted; its parts are then debris until the handle removes them.
        await _objects.DeleteAsync(prefix + RunLayout.ManifestFile, cancellationToken).ConfigureAwait(false);
        return prefix;
    }

    /// <inheritdoc/>
    public Task RemoveUncommittedAsync(string handle, CancellationToken cancellationToken)
    {
        if (!handle.StartsWith(CheckpointsPrefix, StringComparison.Ordinal) || !handle.EndsWith('/'))
        {
            throw new ArgumentException($"'{handle}' is not a handle this store gave out.", nameof(handle));
        }

        return RemoveUnderAsync(handle, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DebrisEntry>> ListDebrisAsync(CancellationToken cancellationToken)
    {
        var folders = await ListCheckpointFoldersAsync(cancellationToken).ConfigureAwait(false);
        var debris = folders
            .Where(folder => !folder.Value.HasManifest && RunLayout.IsCheckpointName(folder.Key) && !_saving.ContainsKey(CheckpointsPrefix + folder.Key + "/"))
            .Select(folder => new DebrisEntry(folder.Key, folder.Value.Bytes, IsUnfinishedSave: true))
            .ToList();

        // Uploads begun by a writer that died stay invisible in listings but hold storage until aborted.
        foreach (var upload in await ListStrayUploadsAsync(cancellationToken).ConfigureAwait(false))
        {
            string name = upload.Key[CheckpointsPrefix.Length..];
            if (!debris.Any(entry => name.StartsWith(entry.Name + "/", StringComparison.Ordinal)))
            {
                debris.Add(new DebrisEntry(name, 0, IsUnfinishedSave: true));
            }
        }

        return [.. debris.OrderBy(entry => entry.Name, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DebrisEntry>> SweepDebrisAsync(CancellationToken cancellationToken)
    {
        var debris = await ListDebrisAsync(cancellationToken).ConfigureAwait(false);
        foreach (var upload in await ListStrayUploadsAsync(cancellationToken).ConfigureAwait(false))
        {
            await _objects.AbortUploadAsync(upload.Key, upload.UploadId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var entry in debris.Where(entry => !entry.Name.Contains('/', StringComparison.Ordinal)))
        {
            await RemoveUnderAsync(CheckpointsPrefix + entry.Name + "/", cancellationToken).ConfigureAwait(false);
        }

        return [.. debris.Select(entry => entry with { Bytes = 0 })];
    }

    internal void SaveEnded(string prefix) => _saving.TryRemove(prefix, out _);

    internal Task EnsureLeaseForCommitAsync(CancellationToken cancellationToken) => EnsureLeaseAsync(cancellationToken);

    private async Task<IReadOnlyList<Amazon.S3.Model.MultipartUpload>> ListStrayUploadsAsync(CancellationToken cancellationToken) =>
        [.. (await _objects.ListUploadsAsync(CheckpointsPrefix, cancellationToken).ConfigureAwait(false))
            .Where(upload => !_saving.Keys.Any(prefix => upload.Key.StartsWith(prefix, StringComparison.Ordinal)))];

    /// <summary>Every folder directly under <c>checkpoints/</c>: whether it has a manifest, and the bytes it holds.</summary>
    private async Task<Dictionary<string, (bool HasManifest, long Bytes)>> ListCheckpointFoldersAsync(CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, (bool HasManifest, long Bytes)>(StringComparer.Ordinal);
        await foreach (var item in _objects.ListAsync(CheckpointsPrefix, cancellationToken).ConfigureAwait(false))
        {
            string rest = item.Key[CheckpointsPrefix.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                continue; // an object directly in checkpoints/ is not Ratchet's; it is left alone
            }

            string name = rest[..slash];
            var (hasManifest, bytes) = folders.GetValueOrDefault(name);
            folders[name] = (hasManifest || rest[(slash + 1)..] == RunLayout.ManifestFile, bytes + (item.Size ?? 0));
        }

        return folders;
    }

    /// <summary>Deletes every object under a prefix of the run (never a manifest first: callers delete that on purpose).</summary>
    private async Task RemoveUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var item in _objects.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(item.Key);
        }

        await _objects.DeleteAllAsync(keys, cancellationToken).ConfigureAwait(false);
    }
}

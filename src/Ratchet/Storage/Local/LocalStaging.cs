namespace Ratchet.Storage.Local;

/// <summary>
/// A save in a <c>.pending-*</c> directory: parts are written and synced there, then the manifest, then the directory
/// is synced, renamed into place (a directory rename never replaces an existing one) and the parent synced. Until the
/// rename the checkpoint does not exist; after the parent's sync it cannot disappear. A sharded save shares one such
/// directory between its ranks (<paramref name="shared"/>): then disposing leaves it to the writer's sweep.
/// </summary>
internal sealed class LocalStaging(IFileSystem fileSystem, string checkpointsDirectory, string pendingPath, bool shared = false) : ISharedCheckpointStaging
{
    private readonly List<IWritableFile> _open = [];
    private bool _committed;

    public Task<IStagedPart> CreatePartAsync(string file, CancellationToken cancellationToken)
    {
        var created = fileSystem.CreateFile(Path.Combine(pendingPath, file));
        _open.Add(created);
        return Task.FromResult<IStagedPart>(new Part(created));
    }

    public async Task CommitAsync(string checkpoint, string manifestFile, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
    {
        using (var file = fileSystem.CreateFile(Path.Combine(pendingPath, manifestFile)))
        {
            await file.WriteAsync(manifest, cancellationToken).ConfigureAwait(false);
            file.Sync();
        }

        fileSystem.SyncDirectory(pendingPath);
        CloseParts();
        string final = Path.Combine(checkpointsDirectory, checkpoint);
        if (fileSystem.GetEntry(final) is not null)
        {
            throw new StoreConflictException($"'{final}' already exists; a checkpoint is never replaced.");
        }

        fileSystem.Rename(pendingPath, final);
        _committed = true;
        try
        {
            fileSystem.SyncDirectory(checkpointsDirectory);
        }
        catch (IOException e)
        {
            throw new StoreCommitUncertainException(
                $"'{checkpoint}' is in place but the directory '{checkpointsDirectory}' could not be synced ({e.Message}); it may not survive a power loss", e);
        }
    }

    public async Task PublishAsync(string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // Written aside and renamed, so that a reader never sees half a record; the directory's sync makes the name durable.
        string final = Path.Combine(pendingPath, file);
        string temporary = $"{final}{AtomicFile.TemporarySuffix}{Guid.NewGuid():N}";
        using (var created = fileSystem.CreateFile(temporary))
        {
            await created.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            created.Sync();
        }

        fileSystem.Rename(temporary, final);
        fileSystem.SyncDirectory(pendingPath);
    }

    public Task<IReadOnlyList<FileSystemEntry>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(fileSystem.List(pendingPath));

    public async Task<byte[]?> ReadAsync(string file, long maxLength, CancellationToken cancellationToken)
    {
        string path = Path.Combine(pendingPath, file);
        if (fileSystem.GetEntry(path) is not { Kind: FileSystemEntryKind.File } entry || entry.Length > maxLength)
        {
            return null;
        }

        using var stream = fileSystem.OpenRead(path);
        var bytes = new byte[entry.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    public Task RemoveAsync(string file, CancellationToken cancellationToken)
    {
        fileSystem.DeleteFile(Path.Combine(pendingPath, file));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        CloseParts();
        if (!shared && !_committed && fileSystem.GetEntry(pendingPath) is not null)
        {
            fileSystem.DeleteDirectory(pendingPath);
        }

        return ValueTask.CompletedTask;
    }

    private void CloseParts()
    {
        foreach (var file in _open)
        {
            file.Dispose();
        }

        _open.Clear();
    }

    private sealed class Part(IWritableFile file) : IStagedPart
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => file.WriteAsync(data, cancellationToken);

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            file.Sync();
            return Task.CompletedTask;
        }

        // The staging area closes every file it opened, after the manifest; a part's own dispose has nothing to release early.
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

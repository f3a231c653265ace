namespace Ratchet.Storage.Local;

internal sealed partial class LocalRunStore
{
    // Names inside checkpoints/ that belong to Ratchet besides committed checkpoints; anything else is left alone.
    internal const string PendingPrefix = ".pending-";
    internal const string TrashPrefix = ".trash-";

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListCheckpointsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_fileSystem.GetEntry(CheckpointsDirectory) is null
            ? []
            : [.. _fileSystem.ListNames(CheckpointsDirectory).Where(RunLayout.IsCheckpointName)]);

    /// <inheritdoc/>
    public Task<string?> GetCheckpointsVersionAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_fileSystem.GetDirectoryVersion(CheckpointsDirectory));

    /// <inheritdoc/>
    public Task<CheckpointFiles> ListCheckpointFilesAsync(string checkpoint, CancellationToken cancellationToken)
    {
        string path = Describe(checkpoint);
        var entry = _fileSystem.GetEntry(path);
        return Task.FromResult(entry?.Kind == FileSystemEntryKind.Directory
            ? new CheckpointFiles(FileSystemEntryKind.Directory, _fileSystem.List(path))
            : new CheckpointFiles(entry?.Kind, []));
    }

    /// <inheritdoc/>
    public Task<Stream> OpenCheckpointFileAsync(string checkpoint, string file, long offset, CancellationToken cancellationToken)
    {
        var stream = _fileSystem.OpenRead(Describe(checkpoint, file));
        if (offset > 0)
        {
            stream.Seek(offset, SeekOrigin.Begin);
        }

        return Task.FromResult(stream);
    }

    /// <inheritdoc/>
    public Task<ICheckpointStaging> StageCheckpointAsync(long checkpointStep, CancellationToken cancellationToken)
    {
        DurableDirectory.Ensure(_fileSystem, CheckpointsDirectory);
        string pending = Path.Combine(CheckpointsDirectory, $"{PendingPrefix}{checkpointStep}-{Guid.NewGuid():N}");
        _fileSystem.CreateDirectory(pending);
        return Task.FromResult<ICheckpointStaging>(new LocalStaging(_fileSystem, CheckpointsDirectory, pending));
    }

    /// <inheritdoc/>
    public Task<ISharedCheckpointStaging> StageSharedCheckpointAsync(long checkpointStep, string session, CancellationToken cancellationToken)
    {
        string checkpoint = RunLayout.CheckpointName(checkpointStep);
        if (_fileSystem.GetEntry(Describe(checkpoint)) is not null)
        {
            throw new StoreConflictException($"'{Describe(checkpoint)}' already exists; a checkpoint is never replaced.");
        }

        // Every rank of the session finds the same directory by name; creating it is harmless when another rank did first.
        DurableDirectory.Ensure(_fileSystem, CheckpointsDirectory);
        string pending = Path.Combine(CheckpointsDirectory, $"{PendingPrefix}{checkpointStep}-{session}");
        if (_fileSystem.GetEntry(pending) is null)
        {
            _fileSystem.CreateDirectory(pending);
            _fileSystem.SyncDirectory(CheckpointsDirectory);
        }

        return Task.FromResult<ISharedCheckpointStaging>(new LocalStaging(_fileSystem, CheckpointsDirectory, pending, shared: true));
    }

    /// <inheritdoc/>
    public Task<string> UncommitCheckpointAsync(string checkpoint, CancellationToken cancellationToken)
    {
        string trash = Path.Combine(CheckpointsDirectory, $"{TrashPrefix}{checkpoint}-{Guid.NewGuid():N}");

        // Once the rename is durable the checkpoint is gone as a unit; a crash during the delete leaves only trash.
        _fileSystem.Rename(Describe(checkpoint), trash);
        try
        {
            _fileSystem.SyncDirectory(CheckpointsDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreCommitUncertainException(
                $"'{checkpoint}' was renamed to '{trash}' but the directory could not be synced: {e.Message} "
                + "The next open of the run removes the trash; until then a power loss may bring the checkpoint back.", e);
        }

        return Task.FromResult(trash);
    }

    /// <inheritdoc/>
    public Task RemoveUncommittedAsync(string handle, CancellationToken cancellationToken)
    {
        _fileSystem.DeleteDirectory(handle);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DebrisEntry>> ListDebrisAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DebrisEntry>>([.. ListDebris().Select(entry => Debris(entry, BytesIn(Path.Combine(CheckpointsDirectory, entry.Name))))]);

    /// <inheritdoc/>
    public Task<IReadOnlyList<DebrisEntry>> SweepDebrisAsync(CancellationToken cancellationToken)
    {
        var removed = new List<DebrisEntry>();
        foreach (var entry in ListDebris())
        {
            string path = Path.Combine(CheckpointsDirectory, entry.Name);
            if (entry.Kind == FileSystemEntryKind.Directory)
            {
                _fileSystem.DeleteDirectory(path);
            }
            else
            {
                _fileSystem.DeleteFile(path);
            }

            removed.Add(Debris(entry, 0));
        }

        if (removed.Count > 0)
        {
            _fileSystem.SyncDirectory(CheckpointsDirectory);
        }

        return Task.FromResult<IReadOnlyList<DebrisEntry>>(removed);
    }

    /// <summary>The bytes the files directly inside a directory occupy; 0 once it is gone (a writer may prune while a
    /// reader looks) or when it is not a directory.</summary>
    internal long BytesIn(string directory)
    {
        try
        {
            return _fileSystem.List(directory).Where(entry => entry.Kind == FileSystemEntryKind.File).Sum(entry => entry.Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private IEnumerable<FileSystemEntry> ListDebris() =>
        _fileSystem.GetEntry(CheckpointsDirectory) is null
            ? []
            : _fileSystem.List(CheckpointsDirectory)
                .Where(entry => entry.Name.StartsWith(PendingPrefix, StringComparison.Ordinal) || entry.Name.StartsWith(TrashPrefix, StringComparison.Ordinal))
                .OrderBy(entry => entry.Name, StringComparer.Ordinal);

    private static DebrisEntry Debris(FileSystemEntry entry, long bytes) =>
        new(entry.Name, bytes, entry.Name.StartsWith(PendingPrefix, StringComparison.Ordinal));
}

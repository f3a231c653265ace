namespace Ratchet.Storage.Local;

/// <summary>
/// A run in a local folder (docs/on-disk-format.md). Every effect goes through an <see cref="IFileSystem"/>, so tests
/// can simulate power loss at each operation; everything POSIX-specific (renames, directory fsync, flock) stays in
/// this folder. A commit is the rename of a fully synced staging directory; an un-commit is its rename to trash.
/// </summary>
internal sealed partial class LocalRunStore : IRunStore
{
    private readonly IFileSystem _fileSystem;

    /// <summary>The run in <paramref name="directory"/> on the machine's file system.</summary>
    public LocalRunStore(string directory)
        : this(directory, LocalFileSystem.Instance)
    {
    }

    internal LocalRunStore(string directory, IFileSystem fileSystem)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _fileSystem = fileSystem;
        Root = IsMachineFileSystem ? RunRoot.Resolve(directory) : Path.GetFullPath(directory);
        CheckpointsDirectory = Path.Combine(Root, RunLayout.CheckpointsFolder);
    }

    /// <summary>The run directory, absolute, with links in its path resolved.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public string Location => Root;

    internal string CheckpointsDirectory { get; }

    /// <summary>True on the real file system (not a simulation): only there do locks and informational files exist.</summary>
    internal bool IsMachineFileSystem => _fileSystem is LocalFileSystem;

    internal IFileSystem FileSystem => _fileSystem;

    /// <inheritdoc/>
    public string Describe(string checkpoint, string? file = null) =>
        file is null ? Path.Combine(CheckpointsDirectory, checkpoint) : Path.Combine(CheckpointsDirectory, checkpoint, file);

    /// <inheritdoc/>
    public string? LocalPathOf(string checkpoint, string file) => IsMachineFileSystem ? Describe(checkpoint, file) : null;

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(CancellationToken cancellationToken) => Task.FromResult(
        _fileSystem.GetEntry(Root)?.Kind == FileSystemEntryKind.Directory
        && (_fileSystem.GetEntry(Path.Combine(Root, RunLayout.RunFileName)) is not null || _fileSystem.GetEntry(CheckpointsDirectory) is not null));

    /// <summary>Why the run folder cannot be a run, or null: it is missing, or it is a file.</summary>
    internal string? ProblemWithRoot() => _fileSystem.GetEntry(Root) switch
    {
        null => $"There is no run at '{Root}': the directory does not exist. Check the path.",
        { Kind: FileSystemEntryKind.Directory } => null,
        _ => $"'{Root}' is a file, not a run directory. Pass the directory a training run was opened in.",
    };

    /// <inheritdoc/>
    public Task CreateAsync(CancellationToken cancellationToken)
    {
        DurableDirectory.Ensure(_fileSystem, Root);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IAsyncDisposable> AcquireWriterLockAsync(TimeProvider timeProvider, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(IsMachineFileSystem ? RunLock.Acquire(Root, timeProvider) : NoLock.Instance);

    /// <inheritdoc/>
    public Task<RunLockProbe> ProbeWriterLockAsync(CancellationToken cancellationToken)
    {
        var (held, holder) = IsMachineFileSystem ? RunLock.Probe(Root) : (false, null);
        return Task.FromResult(new RunLockProbe(held, holder));
    }

    /// <inheritdoc/>
    public async Task<IAsyncDisposable> AcquirePinsLockAsync(CancellationToken cancellationToken) =>
        IsMachineFileSystem ? await PinsLock.AcquireAsync(Root, cancellationToken).ConfigureAwait(false) : NoLock.Instance;

    /// <inheritdoc/>
    public Task<long?> GetAvailableBytesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<long?>(_fileSystem.GetAvailableSpace(Root));

    /// <summary>A simulated file system has no other process to exclude.</summary>
    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

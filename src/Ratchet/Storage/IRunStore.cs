namespace Ratchet.Storage;

/// <summary>
/// Where one run lives, at the level of Ratchet's commit protocol rather than of files: committed checkpoints are
/// listed by their manifests, parts are staged and then committed by one create-only manifest write, pruning
/// un-commits first and removes parts after. A local folder and an object store both implement it without pretending
/// to be the other. Training code never calls it: a <see cref="Runs.TrainingRun"/> drives it. Implementations must be
/// safe to call from one writer and any number of readers at once; only the writer (the holder of
/// <see cref="AcquireWriterLockAsync"/>) stages, commits, un-commits, sweeps or sets aside.
/// </summary>
public interface IRunStore
{
    /// <summary>Where the run is, as a person would name it (a path or a URL); used in messages.</summary>
    string Location { get; }

    /// <summary>How a checkpoint, or a file in it, is named in messages.</summary>
    string Describe(string checkpoint, string? file = null);

    /// <summary>Whether the run exists at all (it has a run file or checkpoints).</summary>
    Task<bool> ExistsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the run's location when missing, durably.</summary>
    Task CreateAsync(CancellationToken cancellationToken);

    /// <summary>Takes the run's single-writer lock, or throws <see cref="RunLockedException"/> naming its holder.</summary>
    Task<IAsyncDisposable> AcquireWriterLockAsync(TimeProvider timeProvider, CancellationToken cancellationToken);

    /// <summary>Who holds the writer lock right now; null when nobody does. Never takes or changes it.</summary>
    Task<RunLockProbe> ProbeWriterLockAsync(CancellationToken cancellationToken);

    /// <summary>Takes the short lock around one change of the pins (not the writer lock: pinning works while a run trains).</summary>
    Task<IAsyncDisposable> AcquirePinsLockAsync(CancellationToken cancellationToken);

    /// <summary>The names of the committed checkpoints (<see cref="RunLayout.CheckpointName"/>), in no particular order.</summary>
    Task<IReadOnlyList<string>> ListCheckpointsAsync(CancellationToken cancellationToken);

    /// <summary>A token that changes whenever the set of committed checkpoints changes (a commit, an un-commit, a set-aside,
    /// a hand edit); null when the store cannot tell, and then the writer lists afresh before each save. It lets a save
    /// cost the same with 10 or 10,000 checkpoints.</summary>
    Task<string?> GetCheckpointsVersionAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>The files of one committed checkpoint, the manifest included, and what its entry is (it may have been
    /// removed or replaced since it was listed).</summary>
    Task<CheckpointFiles> ListCheckpointFilesAsync(string checkpoint, CancellationToken cancellationToken);

    /// <summary>Opens a file of a committed checkpoint for reading from <paramref name="offset"/> to its end.</summary>
    Task<Stream> OpenCheckpointFileAsync(string checkpoint, string file, long offset, CancellationToken cancellationToken);

    /// <summary>The file's path on a local file system, for memory mapping; null when the store is not local.</summary>
    string? LocalPathOf(string checkpoint, string file);

    /// <summary>Starts a save of <paramref name="checkpointStep"/>: a staging area nobody lists as committed.</summary>
    Task<ICheckpointStaging> StageCheckpointAsync(long checkpointStep, CancellationToken cancellationToken);

    /// <summary>Opens the staging area that every rank of a sharded save of <paramref name="checkpointStep"/> in
    /// <paramref name="session"/> shares, creating it when this rank comes first. Unlike <see cref="StageCheckpointAsync"/>
    /// it removes nothing that is there: other ranks may already be writing into it. Ranks other than 0 call it without
    /// holding the writer lock; only rank 0 commits.</summary>
    /// <exception cref="StoreConflictException">The checkpoint is already committed.</exception>
    /// <exception cref="NotSupportedException">The store cannot hold sharded saves.</exception>
    Task<ISharedCheckpointStaging> StageSharedCheckpointAsync(long checkpointStep, string session, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The store at '{Location}' cannot hold sharded saves; use a local folder or an S3 bucket.");

    /// <summary>Makes a committed checkpoint invisible to listing, durably, as one step; its parts stay until
    /// <see cref="RemoveUncommittedAsync"/>. Returns the handle that removes them.</summary>
    /// <exception cref="StoreCommitUncertainException">The un-commit may not survive a power loss.</exception>
    Task<string> UncommitCheckpointAsync(string checkpoint, CancellationToken cancellationToken);

    /// <summary>Removes what an un-commit left (<see cref="UncommitCheckpointAsync"/>'s handle).</summary>
    Task RemoveUncommittedAsync(string handle, CancellationToken cancellationToken);

    /// <summary>The remains of interrupted saves and prunes, from a listing only.</summary>
    Task<IReadOnlyList<DebrisEntry>> ListDebrisAsync(CancellationToken cancellationToken);

    /// <summary>Removes the remains of interrupted saves and prunes. Only the writer may: a save in progress looks the same.</summary>
    Task<IReadOnlyList<DebrisEntry>> SweepDebrisAsync(CancellationToken cancellationToken);

    /// <summary>Moves checkpoints (and, when given, run files such as the history) out of the run's timeline into a new
    /// set-aside area, never deleting them. Returns where they went; null when there was nothing to move.</summary>
    Task<string?> SetAsideAsync(IReadOnlyList<string> checkpoints, IReadOnlyList<string> runFiles, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Bytes a save can still use; null when the store has no such limit to report.</summary>
    Task<long?> GetAvailableBytesAsync(CancellationToken cancellationToken);

    /// <summary>Reads a whole run file (<c>run.json</c>, <c>pins.json</c>, the history); null when it does not exist.</summary>
    /// <exception cref="RatchetFormatException">It is not a regular file or is longer than <paramref name="maxLength"/>.</exception>
    Task<byte[]?> ReadFileAsync(string name, long maxLength, CancellationToken cancellationToken);

    /// <summary>Opens a run file for reading from <paramref name="offset"/>; null when it does not exist.</summary>
    Task<Stream?> OpenFileAsync(string name, long offset, CancellationToken cancellationToken);

    /// <summary>The length of a run file; null when it does not exist.</summary>
    Task<long?> GetFileLengthAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces a run file atomically: readers see the old or the new content, never a mix. Durable on
    /// return when <paramref name="durable"/>.</summary>
    Task ReplaceFileAsync(string name, ReadOnlyMemory<byte> content, bool durable, CancellationToken cancellationToken);

    /// <summary>Appends to a run file (creating it), first cutting it to <paramref name="at"/> when it is longer (the
    /// remains of an append that failed); null appends at its end. Durable on return when <paramref name="durable"/>.</summary>
    Task AppendFileAsync(string name, long? at, IReadOnlyList<ReadOnlyMemory<byte>> chunks, bool durable, CancellationToken cancellationToken);

    /// <summary>Cuts a run file to <paramref name="length"/> bytes, durably.</summary>
    Task TruncateFileAsync(string name, long length, CancellationToken cancellationToken);
}

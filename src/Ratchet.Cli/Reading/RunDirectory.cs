using System.Runtime.ExceptionServices;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Retention;
using Ratchet.Runs;
using Ratchet.Storage;

namespace Ratchet.Cli.Reading;

/// <summary>
/// A run opened for reading. It never takes the run's lock, never sweeps debris and never writes, so it is safe while
/// a writer trains: everything here is a library read or a directory listing. A command that changes the run (prune)
/// takes the lock itself before it lets <see cref="Checkpoints"/> change anything.
/// </summary>
internal sealed class RunDirectory
{
    // The layout of docs/on-disk-format.md: checkpoints live in this subdirectory of the run.
    private const string CheckpointsName = "checkpoints";

    private readonly RatchetFormatException? _runFileError;
    private readonly RatchetFormatException? _pinsError;

    private RunDirectory(string path, RunInfo? info, RatchetFormatException? runFileError, IReadOnlySet<long> pinnedSteps, RatchetFormatException? pinsError)
    {
        Path = path;
        Info = info;
        _runFileError = runFileError;
        PinnedSteps = pinnedSteps;
        _pinsError = pinsError;
        // With the run's signature, a checkpoint copied in from another run shows as damaged rather than usable.
        Checkpoints = new CheckpointManager(System.IO.Path.Combine(path, CheckpointsName), new CheckpointManagerOptions { RunSignature = info?.Signature });
    }

    /// <summary>The run directory, absolute.</summary>
    public string Path { get; }

    /// <summary>What <c>run.json</c> records; null when it is missing or unreadable.</summary>
    public RunInfo? Info { get; }

    /// <summary>Why <c>run.json</c> could not be read, or null.</summary>
    public string? RunFileProblem => _runFileError?.Message;

    /// <summary>The steps <c>pins.json</c> pins, as read when the run was opened; empty when it is unreadable
    /// (<see cref="PinsProblem"/>).</summary>
    public IReadOnlySet<long> PinnedSteps { get; }

    /// <summary>Why <c>pins.json</c> could not be read, or null.</summary>
    public string? PinsProblem => _pinsError?.Message;

    /// <summary>The run's checkpoints, checked against the run's signature when it is known.</summary>
    public CheckpointManager Checkpoints { get; }

    /// <summary>Opens the run at <paramref name="path"/> for reading.</summary>
    /// <exception cref="CheckpointNotFoundException">There is no directory there, or it holds no run.</exception>
    public static async Task<RunDirectory> OpenAsync(string path, CancellationToken cancellationToken)
    {
        string root = RunRoot.Resolve(path);
        if (!Directory.Exists(root))
        {
            throw new CheckpointNotFoundException(File.Exists(root)
                ? $"'{root}' is a file, not a run directory. Pass the directory a training run was opened in."
                : $"There is no run at '{root}': the directory does not exist. Check the path.");
        }

        RunInfo? info = null;
        RatchetFormatException? error = null;
        try
        {
            info = await RunFile.ReadAsync(LocalFileSystem.Instance, root, cancellationToken).ConfigureAwait(false);
        }
        catch (RatchetFormatException e)
        {
            error = e;
        }

        if (info is null && error is null && !Directory.Exists(System.IO.Path.Combine(root, CheckpointsName)))
        {
            throw new CheckpointNotFoundException(
                $"'{root}' is not a Ratchet run: it has neither run.json nor a checkpoints directory. Pass the directory a training run was opened in.");
        }

        // Read once here so every command shows the same pins; an unreadable file is kept as a problem, not thrown,
        // because only the commands that show pins (or prune) depend on it.
        IReadOnlySet<long> pins = new HashSet<long>();
        RatchetFormatException? pinsError = null;
        try
        {
            pins = await RunPins.ReadAsync(root, LocalFileSystem.Instance, cancellationToken).ConfigureAwait(false);
        }
        catch (RatchetFormatException e)
        {
            pinsError = e;
        }

        return new RunDirectory(root, info, error, pins, pinsError);
    }

    /// <summary>Fails the way a writer's open would when <c>run.json</c> is unreadable: without it, checkpoints
    /// cannot be checked against the run's identity, so a clean result would be a false one.</summary>
    /// <exception cref="RatchetFormatException"><c>run.json</c> exists but does not follow the format.</exception>
    public void EnsureRunFileReadable()
    {
        if (_runFileError is not null)
        {
            ExceptionDispatchInfo.Throw(_runFileError);
        }
    }

    /// <summary>Fails when <c>pins.json</c> is unreadable: a listing that showed nothing pinned would then be a false one.</summary>
    /// <exception cref="RatchetFormatException"><c>pins.json</c> exists but does not follow the format.</exception>
    public void EnsurePinsReadable()
    {
        if (_pinsError is not null)
        {
            ExceptionDispatchInfo.Throw(_pinsError);
        }
    }

    /// <summary>The run's config as stored.</summary>
    /// <exception cref="CheckpointNotFoundException">The run has no <c>run.json</c>.</exception>
    public RunInfo RequireInfo()
    {
        EnsureRunFileReadable();
        return Info ?? throw new CheckpointNotFoundException(
            $"The run '{Path}' has no run.json, so it has no stored config (its checkpoints were saved outside a training run).");
    }

    /// <summary>The error for a step no checkpoint of <paramref name="all"/> records, naming the steps that exist.</summary>
    public CheckpointNotFoundException NoCheckpointAt(long step, IEnumerable<CheckpointStatus> all)
    {
        var steps = all.Where(status => status.Step is not null).Select(status => status.Step!.Value).ToList();
        return new CheckpointNotFoundException(
            $"The run '{Path}' has no checkpoint at step {step} ({(steps.Count == 0 ? "it has no checkpoints" : "it has steps " + string.Join(", ", steps))}).");
    }

    /// <summary>Whether retention must keep this checkpoint.</summary>
    public bool IsPinned(CheckpointStatus status) => status.Step is { } step && PinnedSteps.Contains(step);

    /// <summary>Whether a writer holds the run's lock right now, and who. Probing never creates or changes the lock file.</summary>
    public (bool Held, RunLockHolder? Holder) ProbeLock() => RunLock.Probe(Path);

    /// <summary>The metrics history; a torn last line (an append a crash interrupted) is skipped, not repaired.</summary>
    public Task<IReadOnlyList<HistoryRecord>> ReadHistoryAsync(CancellationToken cancellationToken) =>
        MetricsHistory.ReadAsync(Path, LocalFileSystem.Instance, cancellationToken);

    /// <summary>The debris of interrupted saves (<c>.pending-*</c>) and prunes (<c>.trash-*</c>), from a directory
    /// listing only: the next writer sweeps them, a reader must not (a pending save may be in progress right now).</summary>
    public IReadOnlyList<string> ListDebris() =>
        Directory.Exists(Checkpoints.Directory)
            ? [.. LocalFileSystem.Instance.List(Checkpoints.Directory).Select(entry => entry.Name).Where(CheckpointDirectories.IsDebris).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>True when a debris name is an unfinished save rather than an unfinished prune.</summary>
    public static bool IsPendingSave(string debrisName) => debrisName.StartsWith(CheckpointDirectories.PendingPrefix, StringComparison.Ordinal);

    /// <summary>The bytes the files directly inside a checkpoint (or debris) directory occupy; 0 once it is gone
    /// (a writer may prune while we read) or when it is not a directory.</summary>
    public long BytesOf(string directoryName)
    {
        try
        {
            return LocalFileSystem.Instance.List(System.IO.Path.Combine(Checkpoints.Directory, directoryName))
                .Where(entry => entry.Kind == FileSystemEntryKind.File)
                .Sum(entry => entry.Length);
        }
        catch (IOException)
        {
            return 0; // gone, or not a directory: verification reports that, usage has nothing to add
        }
    }
}

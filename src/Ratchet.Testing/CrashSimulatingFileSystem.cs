using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

/// <summary>
/// An in-memory <see cref="IFileSystem"/> that keeps what is on disk apart from what is only in memory,
/// so a test can pull the plug at any point and look at what a machine would find after the reboot.
/// </summary>
/// <remarks>
/// <para>File data is durable up to the file's last <see cref="IWritableFile.Sync"/>. A created, renamed
/// or deleted entry is durable once <see cref="SyncDirectory"/> ran on its parent after it; a rename between
/// two directories needs both. Nothing else is: a crash may keep or lose each change that is not durable,
/// tear unsynced writes, and keep entry changes in any combination that respects their causes (a rename is
/// never kept without the creation of what it moved).</para>
/// <para>Paths are absolute and '/'-separated; "." and ".." are resolved lexically. Only "/" exists at first.
/// Errors have the types, messages and HResults .NET gives on Linux. Thread-safe.</para>
/// </remarks>
public sealed partial class CrashSimulatingFileSystem : IFileSystem
{
    /// <summary>The capacity of a new file system when none is given: 1 TiB.</summary>
    public const long DefaultCapacity = 1L << 40;

    private const int MaxSymbolicLinkHops = 40; // Linux's limit before ELOOP

    private readonly Lock _gate = new();
    private readonly SimDirectory _root;
    private readonly List<FileSystemOperation> _operations = [];
    private readonly HashSet<SimulatedWritableFile> _openFiles = [];
    private long _capacity;
    private int _haltAfter = int.MaxValue;
    private bool _halted;

    /// <summary>Creates an empty file system holding only the root directory "/".</summary>
    /// <param name="capacity">The volume size in bytes; see <see cref="Capacity"/>.</param>
    public CrashSimulatingFileSystem(long capacity = DefaultCapacity)
        : this(new SimDirectory(), capacity)
    {
    }

    private CrashSimulatingFileSystem(SimDirectory root, long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _root = root;
        _capacity = capacity;
    }

    /// <summary>The volume size in bytes. Writes that would make <see cref="UsedBytes"/> exceed it write what
    /// fits and fail with ENOSPC. It may be lowered at any time to fill the disk in the middle of a test.</summary>
    public long Capacity
    {
        get
        {
            lock (_gate)
            {
                return _capacity;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate)
            {
                _capacity = value;
            }
        }
    }

    /// <summary>Bytes held by files, counting deleted files that are still open.</summary>
    public long UsedBytes
    {
        get
        {
            lock (_gate)
            {
                return ComputeUsedBytes();
            }
        }
    }

    /// <summary>How many operations have been numbered (see <see cref="FileSystemOperation.Index"/>).</summary>
    public int OperationCount
    {
        get
        {
            lock (_gate)
            {
                return _operations.Count;
            }
        }
    }

    /// <summary>The numbered operations so far, in order.</summary>
    public IReadOnlyList<FileSystemOperation> Operations
    {
        get
        {
            lock (_gate)
            {
                return [.. _operations];
            }
        }
    }

    /// <summary>Whether the simulated machine has crashed: after <see cref="HaltAfter"/> fired or any
    /// <c>CrashNow…</c> call. Every operation and open handle then throws <see cref="SimulatedCrashException"/>.</summary>
    public bool IsHalted
    {
        get
        {
            lock (_gate)
            {
                return _halted;
            }
        }
    }

    /// <summary>Arms a crash: operations numbered up to <paramref name="operationCount"/> run, the next one
    /// throws <see cref="SimulatedCrashException"/> without taking effect, and so does everything after it,
    /// so the code under test stops there whatever it catches.</summary>
    public void HaltAfter(int operationCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(operationCount);
        lock (_gate)
        {
            _haltAfter = operationCount;
        }
    }

    /// <summary>Numbers an operation, or crashes instead when the armed crash point is reached.</summary>
    private void Begin(FileSystemOperationKind kind, string path, string? destination = null, long length = 0)
    {
        ThrowIfHalted();
        if (_operations.Count >= _haltAfter)
        {
            _halted = true;
            throw new SimulatedCrashException($"The simulated machine crashed after operation {_haltAfter}, before {kind} '{path}' ran.");
        }

        _operations.Add(new FileSystemOperation(_operations.Count + 1, kind, path, destination, length));
    }

    private void ThrowIfHalted()
    {
        if (_halted)
        {
            throw new SimulatedCrashException();
        }
    }
}

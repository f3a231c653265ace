using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

/// <summary>
/// Wraps any <see cref="IFileSystem"/> and makes chosen operations fail: the N-th one, or every one a
/// predicate matches. Operations are numbered exactly as <see cref="CrashSimulatingFileSystem"/> numbers
/// them, so a test can run a scenario once to count them and then sweep N over 1..count.
/// </summary>
/// <remarks>
/// A failed operation is not passed on, so it has no effect, and nothing is retried: that is the caller's
/// duty. A failed <see cref="IWritableFile.Sync"/> is the exception. Linux may have written part of the data,
/// and marks the pages clean either way, so a later successful fsync does not write them again. Over a
/// <see cref="CrashSimulatingFileSystem"/> this is modelled faithfully: the data written before the failed
/// sync stays volatile for good, and a crash may keep any prefix of it. Failed operations still count, so
/// after the first injected fault this numbering runs ahead of the inner simulator's.
/// </remarks>
public sealed partial class FaultInjectingFileSystem : IFileSystem
{
    private readonly Lock _gate = new();
    private readonly IFileSystem _inner;
    private readonly List<(Func<FileSystemOperation, bool> Matches, IoFault Fault)> _rules = [];
    private readonly List<FileSystemOperation> _operations = [];
    private readonly List<FileSystemOperation> _failed = [];

    /// <summary>Wraps <paramref name="inner"/>; no operation fails until a rule is added.</summary>
    public FaultInjectingFileSystem(IFileSystem inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>How many operations have been numbered, failed ones included.</summary>
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

    /// <summary>The numbered operations so far, in order, failed ones included.</summary>
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

    /// <summary>The operations that were made to fail, in order.</summary>
    public IReadOnlyList<FileSystemOperation> FailedOperations
    {
        get
        {
            lock (_gate)
            {
                return [.. _failed];
            }
        }
    }

    /// <summary>Makes the operation numbered <paramref name="index"/> (1-based) fail with <paramref name="fault"/>.</summary>
    /// <returns>This file system, to chain rules.</returns>
    public FaultInjectingFileSystem FailOperation(int index, IoFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        return FailWhen(operation => operation.Index == index, fault);
    }

    /// <summary>Makes every operation <paramref name="predicate"/> matches fail with <paramref name="fault"/>,
    /// reads (<see cref="FileSystemOperationKind.OpenRead"/>) included.</summary>
    /// <returns>This file system, to chain rules.</returns>
    public FaultInjectingFileSystem FailWhen(Func<FileSystemOperation, bool> predicate, IoFault fault)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        if (!Enum.IsDefined(fault))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault.");
        }

        lock (_gate)
        {
            _rules.Add((predicate, fault));
        }

        return this;
    }

    /// <summary>Numbers an operation and returns the exception to fail it with, or null to pass it on.</summary>
    internal Exception? Intercept(FileSystemOperationKind kind, string path, string? destination = null, long length = 0)
    {
        lock (_gate)
        {
            var numbered = kind != FileSystemOperationKind.OpenRead;
            var operation = new FileSystemOperation(numbered ? _operations.Count + 1 : 0, kind, path, destination, length);
            if (numbered)
            {
                _operations.Add(operation);
            }

            foreach (var (matches, fault) in _rules)
            {
                if (matches(operation))
                {
                    _failed.Add(operation);
                    return Create(fault, operation);
                }
            }

            return null;
        }
    }

    private static IOException Create(IoFault fault, FileSystemOperation operation)
    {
        var errno = fault == IoFault.NoSpace ? IoErrors.NoSpaceErrno : IoErrors.InputOutputErrno;
        return operation.Kind switch
        {
            FileSystemOperationKind.SyncDirectory => IoErrors.DirectorySyncFailed(operation.Path, errno),
            _ when fault == IoFault.NoSpace => IoErrors.NoSpace(operation.Path),
            _ => IoErrors.InputOutput(operation.Path),
        };
    }
}

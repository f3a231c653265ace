using Ratchet.PyTorch;
using Ratchet.Tensors;

namespace Ratchet;

/// <summary>
/// The exit codes of the <c>ratchet</c> tool, and which error leads to which (docs/cli.md, "Exit codes"). A training
/// program that ends on a Ratchet error can exit with the same code, so that scripts branch on one set of meanings.
/// A code never changes meaning.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command line was wrong (unknown command or option, missing or malformed value).</summary>
    public const int Usage = 1;

    /// <summary>The run, or the checkpoint asked for, does not exist.</summary>
    public const int NotFound = 2;

    /// <summary>Something is damaged: a checkpoint failed verification, or a file of the run does not follow the format.</summary>
    public const int Damaged = 3;

    /// <summary>The run is locked by a writer, or the request conflicts with the run's state (a changed config, another
    /// world size than its sharded checkpoints were saved with).</summary>
    public const int Conflict = 4;

    /// <summary>A file could not be read or written (an I/O or permission error), a prune could not remove a checkpoint,
    /// or the tool failed unexpectedly.</summary>
    public const int Failed = 5;

    /// <summary>The store refused the credentials, or none were found (a remote store such as S3).</summary>
    public const int StoreCredentials = 6;

    /// <summary>The store's location (a bucket) does not exist.</summary>
    public const int StoreMissing = 7;

    /// <summary>The store could not be reached.</summary>
    public const int StoreUnreachable = 8;

    /// <summary>Interrupted (Ctrl+C), as shells report a SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code for an error that ended a command or a training program.</summary>
    public static int For(Exception error) => error switch
    {
        CheckpointNotFoundException => NotFound,
        CheckpointCorruptException or NoUsableCheckpointException or RatchetFormatException or SafetensorsFormatException
            or PyTorchDamagedException or PyTorchRefusedException => Damaged,
        RunLockedException or CheckpointConflictException or ConfigMismatchException or ShardedRunException => Conflict,
        Storage.StoreUnavailableException { Problem: Storage.StoreProblem.Credentials } => StoreCredentials,
        Storage.StoreUnavailableException { Problem: Storage.StoreProblem.MissingLocation } => StoreMissing,
        Storage.StoreUnavailableException => StoreUnreachable,
        OperationCanceledException => Interrupted,
        _ => Failed,
    };
}

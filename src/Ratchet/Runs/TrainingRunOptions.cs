using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ratchet.Checkpoints;
using Ratchet.Checksums;
using Ratchet.Retention;
using Ratchet.Storage;
using Ratchet.Storage.Local;

namespace Ratchet.Runs;

/// <summary>How a training run is opened. Every setting has a safe default.</summary>
public sealed class TrainingRunOptions
{
    /// <summary>Config keys (paths such as <c>epochs</c> or <c>train.total_steps</c>) that are not part of the run's
    /// identity and may change freely between resumes. Paths use the names the config serializes to (System.Text.Json:
    /// a record's <c>Epochs</c> property is <c>Epochs</c> unless a naming policy says otherwise), joined with <c>.</c>,
    /// list items as <c>[i]</c>; they match case-insensitively, so <c>epochs</c> names <c>Epochs</c> too. Default: none.</summary>
    public IReadOnlyCollection<string> IgnoredConfigKeys { get; init; } = [];

    /// <summary>Identity keys the user allows to change on this resume; the change is accepted, logged and recorded
    /// in <c>run.json</c>. Named as <see cref="IgnoredConfigKeys"/> are, case-insensitively. Default: none.</summary>
    public IReadOnlyCollection<string> AllowedConfigChanges { get; init; } = [];

    /// <summary>Which checkpoint to resume from. Default <see cref="ResumeFrom.Newest"/>.</summary>
    public ResumeFrom ResumeFrom { get; init; } = ResumeFrom.Newest;

    /// <summary>Start over even though checkpoints exist; they and the history are set aside under
    /// <c>superseded/</c>, not deleted. Default <c>false</c>: a run is never silently sent back to the start.</summary>
    public bool StartOver { get; init; }

    /// <summary>Applied after every committed save (pins from <c>pins.json</c> are honoured). Default null: keep
    /// every checkpoint.</summary>
    public RetentionPolicy? Retention { get; init; }

    /// <summary>Whether SIGINT and SIGTERM become a stop request (<see cref="TrainingRun.Stop"/>). Default <c>true</c>.</summary>
    public bool HandleStopSignals { get; init; } = true;

    /// <summary>The file system a run in a local folder goes through. Default <see cref="LocalFileSystem.Instance"/>. With any
    /// other (a simulation), the run's inter-process lock is not taken (it needs a real file).</summary>
    public IFileSystem FileSystem { get; init; } = LocalFileSystem.Instance;

    /// <summary>Where decisions are logged. Default: nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where logged metrics are also written as TensorBoard event files, relative to the run directory (or
    /// absolute); <see langword="null"/> turns them off. Default <c>tensorboard</c>, so <c>tensorboard --logdir RUN</c> shows
    /// the curves. Only for runs on the local file system.</summary>
    public string? TensorBoardDirectory { get; init; } = "tensorboard";

    /// <summary>The checksum of new parts. Default <see cref="ChecksumAlgorithm.Crc32C"/>.</summary>
    public ChecksumAlgorithm Checksum { get; init; } = ChecksumAlgorithm.Crc32C;
}

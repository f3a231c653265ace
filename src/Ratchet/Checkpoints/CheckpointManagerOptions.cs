using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ratchet.Checksums;
using Ratchet.Storage.Local;

namespace Ratchet.Checkpoints;

/// <summary>How a <see cref="CheckpointManager"/> verifies and writes checkpoints.</summary>
internal sealed class CheckpointManagerOptions
{
    /// <summary>The file system of a local run (a simulation in tests). Default <see cref="LocalFileSystem.Instance"/>.</summary>
    public Storage.Local.IFileSystem FileSystem { get; init; } = Storage.Local.LocalFileSystem.Instance;

    /// <summary>Where decisions are logged (what was resumed, skipped, pruned). Default: nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The clock for manifest times and time-based retention. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The checksum of new parts. Default <see cref="ChecksumAlgorithm.Crc32C"/>; either is verified when read.</summary>
    public ChecksumAlgorithm Checksum { get; init; } = ChecksumAlgorithm.Crc32C;

    /// <summary>The run's config signature, recorded in every manifest and required of every checkpoint read;
    /// null for checkpoints of a folder without <c>run.json</c>.</summary>
    public string? RunSignature { get; init; }
}

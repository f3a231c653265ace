namespace Ratchet.Checkpoints;

/// <summary>What a committed checkpoint holds, read from its <c>manifest.json</c> (docs/on-disk-format.md).</summary>
/// <param name="Step">The global step: the checkpoint's identity and the order of resume.</param>
/// <param name="Epoch">The epoch at save time.</param>
/// <param name="CreatedAt">When the save was committed (UTC).</param>
/// <param name="RunSignature">The signature of the run's config, or null for a checkpoint saved outside a run.</param>
/// <param name="HistoryLength">How many history records existed when the checkpoint was committed.</param>
/// <param name="Parts">The parts, in the order they were written.</param>
/// <param name="Metrics">Metrics at save time (used by keep-best retention and shown by the CLI).</param>
/// <param name="Writer">Who wrote the checkpoint.</param>
public sealed record CheckpointManifest(
    long Step,
    long Epoch,
    DateTimeOffset CreatedAt,
    string? RunSignature,
    long HistoryLength,
    IReadOnlyList<PartEntry> Parts,
    IReadOnlyDictionary<string, double> Metrics,
    WriterInfo Writer)
{
    /// <summary>How the checkpoint was sharded over ranks (<see cref="Runs.ShardedRun"/>); null for a checkpoint one
    /// process saved. The parts of every rank are in <see cref="Parts"/>, each with its <see cref="PartEntry.Rank"/>.</summary>
    public ShardLayout? Shards { get; init; }

    /// <summary>The sum of all part lengths.</summary>
    public long TotalBytes => Parts.Sum(part => part.Length);

    /// <summary>The part with this name, or null. In a sharded checkpoint every rank has its own parts: this throws
    /// there, because a name alone does not say whose part is meant (use <see cref="Checkpoint.ForRank"/>).</summary>
    /// <exception cref="ShardedRunException">The checkpoint is sharded.</exception>
    public PartEntry? FindPart(string name) => Shards is { } shards
        ? throw new ShardedRunException(
            $"Checkpoint step {Step} was saved by {shards.WorldSize} ranks, each with its own '{name}'; read one rank's parts through Checkpoint.ForRank(rank), or resume it with ShardedRun.")
        : Parts.FirstOrDefault(part => part.Name == name);

    /// <summary>The part of this name in one rank's shard (null rank: an unsharded checkpoint), or null.</summary>
    internal PartEntry? FindPart(int? rank, string name) => Parts.FirstOrDefault(part => part.Rank == rank && part.Name == name);
}

/// <summary>How a sharded checkpoint was split: one shard per rank, committed together.</summary>
/// <param name="WorldSize">How many ranks saved it.</param>
/// <param name="Session">The launch that saved it (every rank of one launch shares it).</param>
public sealed record ShardLayout(int WorldSize, string Session);

/// <summary>One part of a checkpoint as recorded in its manifest.</summary>
/// <param name="Name">The part's name (<c>[A-Za-z0-9._-]</c>).</param>
/// <param name="File">The file inside the checkpoint directory.</param>
/// <param name="Kind">What the bytes are.</param>
/// <param name="Length">The exact length in bytes.</param>
/// <param name="Checksum">The checksum as <c>algorithm:hex</c>, e.g. <c>crc32c:e3069283</c>.</param>
public sealed record PartEntry(string Name, string File, PartKind Kind, long Length, string Checksum)
{
    /// <summary>The rank whose shard the part belongs to in a sharded checkpoint; null otherwise.</summary>
    public int? Rank { get; init; }
}

/// <summary>The process that wrote a checkpoint.</summary>
/// <param name="Host">The machine name.</param>
/// <param name="ProcessId">The writer's process id.</param>
/// <param name="LibraryVersion">The Ratchet version that wrote it.</param>
public sealed record WriterInfo(string Host, int ProcessId, string LibraryVersion)
{
    internal static WriterInfo Current { get; } = new(
        Environment.MachineName,
        Environment.ProcessId,
        typeof(WriterInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
}

/// <summary>What the bytes of a part are; decides its file extension.</summary>
public enum PartKind
{
    /// <summary>Opaque bytes (<c>.bin</c>).</summary>
    Bytes,

    /// <summary>A UTF-8 JSON document (<c>.json</c>).</summary>
    Json,

    /// <summary>A safetensors file (<c>.safetensors</c>).</summary>
    Tensors,
}

using System.Text.Json;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>A committed checkpoint opened for reading. Every part read through it is checked against the
/// manifest's length and checksum as it streams, so damaged bytes are reported, never silently loaded.</summary>
public sealed class Checkpoint
{
    private readonly IRunStore _store;
    private readonly string _name;

    internal Checkpoint(IRunStore store, string name, CheckpointManifest manifest, int? rank = null)
    {
        _store = store;
        _name = name;
        Manifest = manifest;
        Rank = rank;
    }

    /// <summary>Where the checkpoint is (its directory, or its location in an object store).</summary>
    public string DirectoryPath => _store.Describe(_name);

    /// <summary>The checkpoint's manifest.</summary>
    public CheckpointManifest Manifest { get; }

    /// <summary>The global step.</summary>
    public long Step => Manifest.Step;

    /// <summary>The epoch at save time.</summary>
    public long Epoch => Manifest.Epoch;

    /// <summary>The rank whose shard this reads (<see cref="ForRank"/>); null when it reads a whole checkpoint.</summary>
    public int? Rank { get; }

    /// <summary>True when the checkpoint (or this rank's shard) has a part with this name.</summary>
    public bool HasPart(string name) => Find(name) is not null;

    /// <summary>One rank's shard of a sharded checkpoint, read like a checkpoint of its own: its parts by their names,
    /// verified as they stream.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint is not sharded, or has no such rank.</exception>
    public Checkpoint ForRank(int rank)
    {
        if (Manifest.Shards is not { } shards || Rank is not null)
        {
            throw new InvalidOperationException($"Checkpoint step {Step} is not sharded (or this is already one rank's shard); read its parts directly.");
        }

        return rank >= 0 && rank < shards.WorldSize
            ? new Checkpoint(_store, _name, Manifest, rank)
            : throw new InvalidOperationException($"Checkpoint step {Step} was saved by {shards.WorldSize} ranks; there is no rank {rank}.");
    }

    /// <summary>The part of this name in what this instance reads: the whole checkpoint or one rank's shard.</summary>
    private PartEntry? Find(string name) => Rank is null ? Manifest.FindPart(name) : Manifest.FindPart(Rank, name);

    private string PartList => string.Join(", ", Manifest.Parts.Where(part => part.Rank == Rank).Select(part => $"'{part.Name}'"));

    /// <summary>Opens a part for reading. Reading to the end verifies its length and checksum and throws
    /// <see cref="CheckpointCorruptException"/> on any difference.</summary>
    public Stream OpenPart(string name) => OpenPartAsync(name, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Opens a part for reading; see <see cref="OpenPart"/>.</summary>
    public async Task<Stream> OpenPartAsync(string name, CancellationToken cancellationToken = default)
    {
        var part = Find(name) ?? throw new ArgumentException(
            $"Checkpoint step {Step}{(Rank is { } rank ? $", rank {rank}," : "")} has no part '{name}'; it has {PartList}.", nameof(name));
        string path = _store.Describe(_name, part.File);
        var listing = await _store.ListCheckpointFilesAsync(_name, cancellationToken).ConfigureAwait(false);
        if (!listing.Files.Any(file => file.Name == part.File && file.Kind == FileSystemEntryKind.File))
        {
            throw new CheckpointCorruptException($"Part '{name}' of checkpoint step {Step} ('{path}') is missing or not a regular file. Resume from another checkpoint.");
        }

        var stream = await _store.OpenCheckpointFileAsync(_name, part.File, 0, cancellationToken).ConfigureAwait(false);
        return new VerifyingReadStream(stream, part, path);
    }

    /// <summary>Reads a whole part into memory, verified.</summary>
    public async Task<byte[]> ReadBytesAsync(string name, CancellationToken cancellationToken = default)
    {
        var stream = await OpenPartAsync(name, cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        var part = Find(name)!;
        byte[] bytes = new byte[checked((int)part.Length)];
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        // Reading past the end runs the final length and checksum check.
        _ = await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Reads a tensor part into memory, verified against the manifest and validated as safetensors.</summary>
    public async Task<Tensors.TensorSet> ReadTensorsAsync(string name, CancellationToken cancellationToken = default)
    {
        var part = Find(name);
        if (part is not null && part.Kind != PartKind.Tensors)
        {
            throw new ArgumentException($"Part '{name}' of checkpoint step {Step} holds {part.Kind}, not tensors.", nameof(name));
        }

        var stream = await OpenPartAsync(name, cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        var tensors = await Tensors.SafetensorsReader.ReadAsync(stream, part!.Length, _store.Describe(_name, part.File), cancellationToken).ConfigureAwait(false);
        _ = await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false); // runs the final checksum check
        return tensors;
    }

    /// <summary>Whether <see cref="MapTensors"/> can map this checkpoint's parts: true for a run on the machine's own file
    /// system, false for one in an object store (read its parts with <see cref="ReadTensorsAsync"/>).</summary>
    public bool CanMapTensors => _store.LocalPathOf(_name, RunLayout.ManifestFile) is not null;

    /// <summary>Maps a tensor part for zero-copy reading. The mapping is not re-checksummed: use it on a checkpoint
    /// that was fully verified (a resumed checkpoint always is). Only for runs on a local file system.</summary>
    /// <exception cref="NotSupportedException">The run is not on a local file system; read with <see cref="ReadTensorsAsync"/>.</exception>
    public Tensors.SafetensorsFile MapTensors(string name)
    {
        var part = Find(name) ?? throw new ArgumentException($"Checkpoint step {Step} has no part '{name}'; it has {PartList}.", nameof(name));
        string path = _store.LocalPathOf(_name, part.File) ?? throw new NotSupportedException(
            $"Checkpoint step {Step} is in '{_store.Location}', which is not a local file system and cannot be memory-mapped; read its parts with ReadTensorsAsync.");
        var entry = _store.ListCheckpointFilesAsync(_name, CancellationToken.None).GetAwaiter().GetResult().Files.FirstOrDefault(file => file.Name == part.File);
        if (entry is not { Kind: FileSystemEntryKind.File } || entry.Length != part.Length)
        {
            throw new CheckpointCorruptException($"Part '{name}' of checkpoint step {Step} ('{path}') is missing, not a regular file, or not {part.Length} bytes. Resume from another checkpoint.");
        }

        return Tensors.SafetensorsFile.Open(path);
    }

    /// <summary>Reads a JSON part, verified, and deserializes it.</summary>
    public async Task<T> ReadJsonAsync<T>(string name, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        byte[] bytes = await ReadBytesAsync(name, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<T>(bytes, options)
            ?? throw new CheckpointCorruptException($"Part '{name}' of checkpoint step {Step} holds JSON null where a value was saved.");
    }
}

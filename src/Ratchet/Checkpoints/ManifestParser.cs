using System.Globalization;
using System.Text.Json;
using Ratchet.Checksums;
using Ratchet.Parsing;

namespace Ratchet.Checkpoints;

/// <summary>Reads a manifest, rejecting anything that does not follow docs/on-disk-format.md with an error that
/// names the file and the field. Hostile values (traversal names, absurd sizes, duplicates) never get through.</summary>
internal static class ManifestParser
{
    /// <summary>No real part is larger than a pebibyte; a larger recorded size is damage or hostility.</summary>
    public const long MaxPartLength = 1L << 50;

    public static CheckpointManifest Parse(ReadOnlyMemory<byte> file, string path)
    {
        var (body, version) = ManifestEnvelope.Unwrap(file, path);
        using (var document = JsonFields.ParseStrict(body, path, "checkpoint manifest"))
        {
            var reader = new JsonFields(document.RootElement, path, "");
            var shards = version == ManifestEnvelope.ShardedFormatVersion ? ReadShards(reader) : null;
            var parts = ReadParts(reader.Array("parts"), shards);
            if (shards is not null)
            {
                CheckEveryRankSaved(reader, parts, shards);
            }

            return new CheckpointManifest(
                Step: reader.NonNegative("step"),
                Epoch: reader.NonNegative("epoch"),
                CreatedAt: reader.Time("created_utc"),
                RunSignature: reader.OptionalString("run_signature"),
                HistoryLength: reader.NonNegative("history_length"),
                Parts: parts,
                Metrics: reader.Metrics("metrics"),
                Writer: ReadWriter(reader.Object("writer"))) { Shards = shards };
        }
    }

    private static ShardLayout ReadShards(JsonFields reader)
    {
        var shards = reader.Object("shards");
        long worldSize = shards.NonNegative("world_size");
        if (worldSize is < 1 or > ShardNames.MaxWorldSize)
        {
            throw shards.Error("world_size", $"{worldSize} ranks is outside 1 to {ShardNames.MaxWorldSize}");
        }

        string session = shards.String("session");
        if (!ShardNames.IsSession(session))
        {
            throw shards.Error("session", $"'{session}' is not a session id (32 lowercase hex digits)");
        }

        return new ShardLayout((int)worldSize, session);
    }

    /// <summary>A shard that saved nothing means a rank's state would be silently missing on resume.</summary>
    private static void CheckEveryRankSaved(JsonFields reader, List<PartEntry> parts, ShardLayout shards)
    {
        var ranks = parts.Select(part => part.Rank!.Value).ToHashSet();
        if (Enumerable.Range(0, shards.WorldSize).FirstOrDefault(rank => !ranks.Contains(rank), -1) is var missing and >= 0)
        {
            throw reader.Error("parts", $"rank {missing} of {shards.WorldSize} has no parts, so its shard is missing");
        }
    }

    private static List<PartEntry> ReadParts(IReadOnlyList<JsonFields> elements, ShardLayout? shards)
    {
        var parts = new List<PartEntry>(elements.Count);
        var names = new HashSet<(int?, string)>();
        var files = new HashSet<string>(StringComparer.Ordinal) { PartNames.ManifestFile };
        foreach (var element in elements)
        {
            string name = element.String("name");
            if (PartNames.Problem(name) is { } nameProblem)
            {
                throw element.Error("name", $"the part name '{name}' is not allowed: {nameProblem}");
            }

            int? rank = ReadRank(element, shards);
            var kind = KindOf(element, "kind");
            string file = element.String("file");
            string expectedFile = rank is { } owner ? ShardNames.PartFile(owner, name, kind) : PartNames.FileFor(name, kind);
            if (file != expectedFile)
            {
                throw element.Error("file", $"it is '{file}' but a {MetricsJson.KindName(kind)} part named '{name}' must be stored in '{expectedFile}'");
            }

            if (!names.Add((rank, name)) || !files.Add(file))
            {
                throw element.Error("name", $"the part '{name}'{(rank is null ? "" : $" of rank {rank}")} appears more than once");
            }

            long length = element.NonNegative("bytes");
            if (length > MaxPartLength)
            {
                throw element.Error("bytes", $"{length} bytes is beyond any real part (at most {MaxPartLength})");
            }

            string checksum = element.String("checksum");
            if (IncrementalChecksum.AlgorithmOf(checksum) is null)
            {
                throw element.Error("checksum", $"'{checksum}' is not 'crc32c:' with 8 or 'sha256:' with 64 lowercase hex digits");
            }

            parts.Add(new PartEntry(name, file, kind, length, checksum) { Rank = rank });
        }

        return parts;
    }

    /// <summary>Every part of a sharded manifest names its rank; no part of an unsharded one does.</summary>
    private static int? ReadRank(JsonFields element, ShardLayout? shards)
    {
        if (shards is null)
        {
            return element.Element.TryGetProperty("rank", out _)
                ? throw element.Error("rank", $"a part rank appears in a format version {ManifestEnvelope.FormatVersion} manifest, which is not sharded")
                : null;
        }

        long rank = element.NonNegative("rank");
        return rank < shards.WorldSize ? (int)rank : throw element.Error("rank", $"rank {rank} is not below the world size {shards.WorldSize}");
    }

    private static WriterInfo ReadWriter(JsonFields writer) =>
        new(writer.String("host"), (int)Math.Min(writer.NonNegative("pid"), int.MaxValue), writer.String("library_version"));

    internal static PartKind KindOf(JsonFields element, string field) => element.String(field) switch
    {
        "bytes" => PartKind.Bytes,
        "json" => PartKind.Json,
        "tensors" => PartKind.Tensors,
        var other => throw element.Error(field, $"unknown part kind '{other}' (expected bytes, json or tensors)"),
    };
}

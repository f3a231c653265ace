using System.Buffers;
using System.Text.Json;
using Ratchet.Parsing;

namespace Ratchet.Checkpoints;

/// <summary>
/// What a rank publishes in the shared staging area once every part of its shard is durable: which save it belongs to
/// and the length and checksum of each part. Rank 0 commits only when it holds one record per rank, all of the same
/// session and step, and the manifest it commits carries exactly these entries.
/// </summary>
internal sealed record ShardRecord(string Session, long Step, int Rank, int WorldSize, IReadOnlyList<PartEntry> Parts)
{
    public const string Format = "ratchet-shard";
    public const int FormatVersion = 1;

    /// <summary>A record lists a few parts; anything larger is not one.</summary>
    public const long MaxLength = 4 << 20;

    public byte[] Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("format_version", FormatVersion);
            json.WriteString("session", Session);
            json.WriteNumber("step", Step);
            json.WriteNumber("rank", Rank);
            json.WriteNumber("world_size", WorldSize);
            MetricsJson.WriteParts(json, Parts);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a record strictly; every part must belong to the record's rank and be named as a shard part.</summary>
    public static ShardRecord Parse(ReadOnlyMemory<byte> bytes, string path)
    {
        using (var document = JsonFields.ParseStrict(bytes, path, "shard record"))
        {
            var reader = new JsonFields(document.RootElement, path, "");
            if (reader.String("format") != Format || reader.NonNegative("format_version") != FormatVersion)
            {
                throw reader.Error("format", $"expected a {Format} record of version {FormatVersion}");
            }

            long rank = reader.NonNegative("rank");
            long worldSize = reader.NonNegative("world_size");
            if (worldSize is < 1 or > ShardNames.MaxWorldSize || rank >= worldSize)
            {
                throw reader.Error("rank", $"rank {rank} of world size {worldSize} is not a rank");
            }

            var parts = new List<PartEntry>();
            foreach (var element in reader.Array("parts"))
            {
                parts.Add(ReadPart(element, (int)rank));
            }

            return new ShardRecord(reader.String("session"), reader.NonNegative("step"), (int)rank, (int)worldSize, parts);
        }
    }

    private static PartEntry ReadPart(JsonFields element, int rank)
    {
        string name = element.String("name");
        var kind = ManifestParser.KindOf(element, "kind");
        string file = element.String("file");
        if (PartNames.Problem(name) is { } problem || file != ShardNames.PartFile(rank, name, kind) || element.NonNegative("rank") != rank)
        {
            throw element.Error("name", $"the part '{name}' ({file}) is not a part of rank {rank}'s shard");
        }

        string checksum = element.String("checksum");
        if (Checksums.IncrementalChecksum.AlgorithmOf(checksum) is null)
        {
            throw element.Error("checksum", $"'{checksum}' is not a checksum");
        }

        return new PartEntry(name, file, kind, element.NonNegative("bytes"), checksum) { Rank = rank };
    }
}

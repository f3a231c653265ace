using System.Text;
using Ratchet.Checkpoints;

namespace Ratchet.Tests.Shards;

/// <summary>A sharded manifest is a new kind (format version 2): every part names its rank and lives in that rank's
/// file; anything else is refused with the field named, and a version-1 manifest may not claim ranks.</summary>
public sealed class ShardedManifestTests
{
    private const string Path = "/runs/x/checkpoints/step-0000000001/manifest.json";
    private const string Session = "0123456789abcdef0123456789abcdef";

    private static string Part(int rank, string file = "") =>
        $$"""{"name": "G", "rank": {{rank}}, "file": "{{(file.Length > 0 ? file : $"rank-{rank:D5}.G.bin")}}", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}""";

    private static string Body(string parts, string shards = $$"""{"world_size": 2, "session": "{{Session}}"}""") =>
        $$"""
        {
          "step": 1,
          "epoch": 0,
          "created_utc": "2026-01-01T00:00:00.0000000Z",
          "run_signature": null,
          "history_length": 0,
          "shards": {{shards}},
          "parts": [{{parts}}],
          "metrics": {},
          "writer": {"host": "h", "pid": 1, "library_version": "0.1.0"}
        }
        """;

    private static CheckpointManifest Parse(string body, int version = ManifestEnvelope.ShardedFormatVersion) =>
        ManifestParser.Parse(ManifestEnvelope.Wrap(Encoding.UTF8.GetBytes(body), version), Path);

    [Fact]
    public void WellFormed_IsAccepted_WithEveryPartsRank()
    {
        var manifest = Parse(Body($"{Part(0)}, {Part(1)}"));
        manifest.Shards.ShouldBe(new ShardLayout(2, Session));
        manifest.Parts.Select(part => part.Rank).ShouldBe([0, 1]);
        manifest.FindPart(1, "G")!.File.ShouldBe("rank-00001.G.bin");
        Should.Throw<ShardedRunException>(() => manifest.FindPart("G")).Message.ShouldContain("2 ranks");
    }

    [Fact]
    public void SerializedSharded_IsVersion2_AndReadsBack()
    {
        var manifest = Parse(Body($"{Part(0)}, {Part(1)}"));
        byte[] written = ManifestSerializer.Serialize(manifest);
        Encoding.UTF8.GetString(written).ShouldStartWith("{\"format\":\"ratchet-checkpoint\",\"format_version\":2,");
        ManifestParser.Parse(written, Path).ShouldBeEquivalentTo(manifest);
    }

    [Theory]
    [InlineData("missing rank", """{"name": "G", "file": "rank-00000.G.bin", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}""", "parts[0].rank")]
    [InlineData("rank beyond the world", """{"name": "G", "rank": 2, "file": "rank-00002.G.bin", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}""", "not below the world size")]
    [InlineData("file outside the rank's names", """{"name": "G", "rank": 0, "file": "../G.bin", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}""", "parts[0].file")]
    [InlineData("another rank's file", """{"name": "G", "rank": 0, "file": "rank-00001.G.bin", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}""", "parts[0].file")]
    public void HostileParts_AreRefused(string what, string part, string expected)
    {
        _ = what;
        Should.Throw<RatchetFormatException>(() => Parse(Body($"{part}, {Part(1)}"))).Message.ShouldContain(expected);
    }

    [Fact]
    public void ARankWithoutParts_IsRefused() =>
        Should.Throw<RatchetFormatException>(() => Parse(Body(Part(0)))).Message.ShouldContain("rank 1 of 2 has no parts");

    [Fact]
    public void TheSameRankAndName_Twice_IsRefused() =>
        Should.Throw<RatchetFormatException>(() => Parse(Body($"{Part(0)}, {Part(0)}, {Part(1)}"))).Message.ShouldContain("of rank 0 appears more than once");

    [Theory]
    [InlineData("""{"world_size": 0, "session": "0123456789abcdef0123456789abcdef"}""", "outside 1 to")]
    [InlineData("""{"world_size": 2, "session": "../../x"}""", "not a session id")]
    public void AHostileShardLayout_IsRefused(string shards, string expected) =>
        Should.Throw<RatchetFormatException>(() => Parse(Body($"{Part(0)}, {Part(1)}", shards))).Message.ShouldContain(expected);

    [Fact]
    public void AVersion1Manifest_ClaimingRanks_IsRefused() =>
        Should.Throw<RatchetFormatException>(() => Parse(Body($"{Part(0)}, {Part(1)}"), ManifestEnvelope.FormatVersion)).Message.ShouldContain("not sharded");
}

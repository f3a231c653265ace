using System.Text;
using Ratchet.Checkpoints;

namespace Ratchet.Tests.Checkpoints;

/// <summary>Guarantee 9: hostile manifests (even with a valid integrity envelope) are refused with the file and field named.</summary>
public sealed class HostileManifestTests
{
    private const string Path = "/runs/x/checkpoints/step-0000000001/manifest.json";

    private static string Body(string parts = """[{"name": "G", "file": "G.bin", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}]""", string step = "1") =>
        $$"""
        {
          "step": {{step}},
          "epoch": 0,
          "created_utc": "2026-01-01T00:00:00.0000000Z",
          "run_signature": null,
          "history_length": 0,
          "parts": {{parts}},
          "metrics": {},
          "writer": {"host": "h", "pid": 1, "library_version": "0.1.0"}
        }
        """;

    private static RatchetFormatException Reject(string body) =>
        Should.Throw<RatchetFormatException>(() => ManifestParser.Parse(ManifestEnvelope.Wrap(Encoding.UTF8.GetBytes(body)), Path));

    [Fact]
    public void Parse_WellFormedBody_IsAccepted() =>
        ManifestParser.Parse(ManifestEnvelope.Wrap(Encoding.UTF8.GetBytes(Body())), Path).Parts.Single().Name.ShouldBe("G");

    [Theory]
    [InlineData("..", "G.bin", "parts[0].name")]
    [InlineData("G", "../../etc/passwd", "parts[0].file")]
    [InlineData("G", "/etc/passwd", "parts[0].file")]
    [InlineData("a/b", "a/b.bin", "parts[0].name")]
    [InlineData("G", "manifest.json", "parts[0].file")]
    public void Parse_TraversalOrForeignNames_RejectedNamingField(string name, string file, string field)
    {
        var error = Reject(Body($$"""[{"name": "{{name}}", "file": "{{file}}", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}]"""));

        error.Message.ShouldContain(Path);
        error.Message.ShouldContain(field);
    }

    [Theory]
    [InlineData("-1", "expected a whole number")]
    [InlineData("1e30", "expected a whole number")]
    [InlineData("2251799813685248", "beyond any real part")]
    public void Parse_NegativeOrAbsurdSize_RejectedNamingField(string bytes, string problem)
    {
        var error = Reject(Body($$"""[{"name": "G", "file": "G.bin", "kind": "bytes", "bytes": {{bytes}}, "checksum": "crc32c:00000000"}]"""));

        error.Message.ShouldContain("parts[0].bytes");
        error.Message.ShouldContain(problem);
    }

    [Fact]
    public void Parse_DuplicatePart_Rejected() =>
        Reject(Body("""
            [{"name": "G", "file": "G.bin", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"},
             {"name": "G", "file": "G.bin", "kind": "bytes", "bytes": 4, "checksum": "crc32c:00000000"}]
            """)).Message.ShouldContain("more than once");

    [Fact]
    public void Parse_DuplicateJsonKey_Rejected() =>
        Reject(Body(step: "1, \"step\": 2")).Message.ShouldContain("not valid JSON");

    [Fact]
    public void Parse_NegativeStep_RejectedNamingField() =>
        Reject(Body(step: "-5")).Message.ShouldContain("field 'step'");

    [Fact]
    public void Parse_BadChecksumText_RejectedNamingField() =>
        Reject(Body("""[{"name": "G", "file": "G.bin", "kind": "bytes", "bytes": 4, "checksum": "md5:abc"}]""")).Message.ShouldContain("parts[0].checksum");

    [Fact]
    public void Parse_UnknownFormatVersion_RejectedWithUpgradeAdvice()
    {
        byte[] file = ManifestEnvelope.Wrap(Encoding.UTF8.GetBytes(Body()));
        string text = Encoding.UTF8.GetString(file).Replace("\"format_version\":1", "\"format_version\":3", StringComparison.Ordinal);

        var error = Should.Throw<RatchetFormatException>(() => ManifestParser.Parse(Encoding.UTF8.GetBytes(text), Path));

        error.Message.ShouldContain("format_version is 3");
        error.Message.ShouldContain("Upgrade Ratchet");
    }
}

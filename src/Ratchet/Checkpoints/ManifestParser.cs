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

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static CheckpointManifest Parse(ReadOnlyMemory<byte> file, string path)
    {
        var body = ManifestEnvelope.Unwrap(file, path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Strict);
        }
        catch (JsonException e)
        {
            throw new RatchetFormatException($"The checkpoint manifest '{path}' is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var reader = new JsonFields(document.RootElement, path, "");
            var parts = ReadParts(reader.Array("parts"), path);
            return new CheckpointManifest(
                Step: reader.NonNegative("step"),
                Epoch: reader.NonNegative("epoch"),
                CreatedAt: reader.Time("created_utc"),
                RunSignature: reader.OptionalString("run_signature"),
                HistoryLength: reader.NonNegative("history_length"),
                Parts: parts,
                Metrics: reader.Metrics("metrics"),
                Writer: ReadWriter(reader.Object("writer")));
        }
    }

    private static List<PartEntry> ReadParts(IReadOnlyList<JsonFields> elements, string path)
    {
        var parts = new List<PartEntry>(elements.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal) { PartNames.ManifestFile };
        foreach (var element in elements)
        {
            string name = element.String("name");
            if (PartNames.Problem(name) is { } nameProblem)
            {
                throw element.Error("name", $"the part name '{name}' is not allowed: {nameProblem}");
            }

            var kind = KindOf(element, "kind");
            string file = element.String("file");
            if (file != PartNames.FileFor(name, kind))
            {
                throw element.Error("file", $"it is '{file}' but a {MetricsJson.KindName(kind)} part named '{name}' must be stored in '{PartNames.FileFor(name, kind)}'");
            }

            if (!names.Add(name) || !files.Add(file))
            {
                throw element.Error("name", $"the part '{name}' appears more than once");
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

            parts.Add(new PartEntry(name, file, kind, length, checksum));
        }

        return parts;
    }

    private static WriterInfo ReadWriter(JsonFields writer) =>
        new(writer.String("host"), (int)Math.Min(writer.NonNegative("pid"), int.MaxValue), writer.String("library_version"));

    private static PartKind KindOf(JsonFields element, string field) => element.String(field) switch
    {
        "bytes" => PartKind.Bytes,
        "json" => PartKind.Json,
        "tensors" => PartKind.Tensors,
        var other => throw element.Error(field, $"unknown part kind '{other}' (expected bytes, json or tensors)"),
    };
}

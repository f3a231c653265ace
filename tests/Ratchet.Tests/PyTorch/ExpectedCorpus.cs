using System.Text.Json;

namespace Ratchet.Tests.PyTorch;

/// <summary>The corpus's expected.json: what real PyTorch saw in every file.</summary>
internal static class ExpectedCorpus
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(ForeignCorpus.Combine("expected.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<(string Path, JsonElement Entry)> Files() =>
        Root.EnumerateObject().Select(file => (file.Name, file.Value));

    public static TheoryData<string> Readable() =>
        [.. Files().Where(file => file.Entry.TryGetProperty("format", out _)).Select(file => file.Path)];

    public static TheoryData<string> Hostile() =>
        [.. Files().Where(file => file.Entry.TryGetProperty("hostile", out _)).Select(file => file.Path)];
}

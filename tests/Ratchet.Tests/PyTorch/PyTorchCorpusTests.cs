using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ratchet.PyTorch;

namespace Ratchet.Tests.PyTorch;

/// <summary>Every readable file of the corpus gives exactly what real PyTorch saw: each tensor's dtype, shape and SHA-256
/// (C order, little-endian) and each plain value, by dotted path.</summary>
public sealed class PyTorchCorpusTests
{
    public static TheoryData<string> ReadableFiles => ExpectedCorpus.Readable();

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Open_CorpusFile_MatchesWhatTorchSaw(string relative)
    {
        var expected = ExpectedCorpus.Root.GetProperty(relative);
        using var file = PyTorchFile.Open(ForeignCorpus.Combine(relative));
        file.Format.ToString().ToLowerInvariant().ShouldBe(expected.GetProperty("format").GetString());
        var leaves = file.Leaves().ToDictionary(leaf => leaf.Name, leaf => leaf.Value, StringComparer.Ordinal);
        foreach (var entry in expected.GetProperty("content").EnumerateObject())
        {
            leaves.ShouldContainKey(entry.Name, $"{relative}: torch saw '{entry.Name}'");
            object? value = leaves[entry.Name];
            if (entry.Value.TryGetProperty("sha256", out var sha))
            {
                var tensor = value.ShouldBeOfType<PyTorchTensor>($"{relative}: {entry.Name}");
                tensor.DType.Name().ShouldBe(entry.Value.GetProperty("dtype").GetString(), entry.Name);
                tensor.Shape.ShouldBe(entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), entry.Name);
                file.ComputeSha256(tensor).ShouldBe(sha.GetString(), $"{relative}: {entry.Name}");
            }
            else if (entry.Value.TryGetProperty("value", out var plain))
            {
                ShouldEqual(value, plain, $"{relative}: {entry.Name}");
            }
            else
            {
                // A config object (Dora's OmegaConf args): inspection shows the plain config it holds.
                var config = JsonNode.Parse(entry.Value.GetProperty("config").GetRawText());
                JsonNode.DeepEquals(JsonNode.Parse(PyTorchJson.Serialize(value)), config).ShouldBeTrue($"{relative}: {entry.Name} as JSON is {PyTorchJson.Serialize(value)}");
            }
        }
    }

    private static void ShouldEqual(object? actual, JsonElement expected, string where)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                actual.ShouldBeNull(where);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                actual.ShouldBe(expected.GetBoolean(), where);
                break;
            case JsonValueKind.String:
                actual.ShouldBe(expected.GetString(), where);
                break;
            case JsonValueKind.Number when actual is long integer:
                integer.ShouldBe(expected.GetInt64(), where);
                break;
            case JsonValueKind.Number:
                actual.ShouldBeOfType<double>(where).ShouldBe(double.Parse(expected.GetRawText(), CultureInfo.InvariantCulture), where);
                break;
            default:
                throw new ShouldAssertException($"{where}: expected.json holds {expected.ValueKind}, which this test does not compare");
        }
    }
}

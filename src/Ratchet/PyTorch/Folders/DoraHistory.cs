using System.Text.Json;

namespace Ratchet.PyTorch.Folders;

/// <summary>Dora's <c>history.json</c>: a list with one dict of metrics per finished epoch.</summary>
internal static class DoraHistory
{
    /// <summary>The records, or null when the file is missing; a file that is not a JSON list is reported, not thrown.</summary>
    public static (IReadOnlyList<JsonElement>? Records, string? Problem) Read(string directory)
    {
        string path = Path.Combine(directory, "history.json");
        if (!File.Exists(path))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? ([.. document.RootElement.EnumerateArray().Select(record => record.Clone())], null)
                : (null, "history.json is not a list of epochs");
        }
        catch (JsonException error)
        {
            return (null, $"history.json is not valid JSON ({error.Message})");
        }
    }

    /// <summary>The numeric leaves of one epoch's record by dotted path (<c>valid.main.loss</c>); strings are left out.</summary>
    public static Dictionary<string, double> Metrics(JsonElement record)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        Collect(record, "", metrics, 0);
        return metrics;
    }

    private static void Collect(JsonElement value, string path, Dictionary<string, double> metrics, int depth)
    {
        if (depth > PyTorchLeaves.MaxDepth)
        {
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Collect(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", metrics, depth + 1);
                }

                break;
            case JsonValueKind.Number when value.TryGetDouble(out double number):
                metrics[path] = number;
                break;
        }
    }
}

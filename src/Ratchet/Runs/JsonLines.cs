using System.Text.Json;

namespace Ratchet.Runs;

/// <summary>Reads the run's informational JSON-lines files (<c>sessions.jsonl</c>, <c>pruned.jsonl</c>): a missing file is
/// empty, and a line that does not parse (a torn last line after a crash, a hand edit) is skipped; the others stand.</summary>
internal static class JsonLines
{
    public static IReadOnlyList<T> Read<T>(string path, Func<JsonElement, T> parse)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<T>();
        foreach (string line in File.ReadLines(path))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                entries.Add(parse(document.RootElement));
            }
            catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // Skipped, as the summary says.
            }
        }

        return entries;
    }
}

using System.Text;
using System.Text.Json;

namespace Ratchet.Runs;

/// <summary>Reads the run's informational JSON-lines files (<c>sessions.jsonl</c>, <c>pruned.jsonl</c>): a missing file is
/// empty, and a line that does not parse (a torn last line after a crash, a hand edit) is skipped; the others stand.</summary>
internal static class JsonLines
{
    private const long MaxLength = 256 << 20;

    public static async Task<IReadOnlyList<T>> ReadAsync<T>(Storage.IRunStore store, string name, Func<JsonElement, T> parse, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        try
        {
            bytes = await store.ReadFileAsync(name, MaxLength, cancellationToken).ConfigureAwait(false);
        }
        catch (RatchetFormatException)
        {
            return []; // informational: a file that is not one Ratchet wrote shows nothing rather than failing a report
        }

        var entries = new List<T>();
        foreach (string line in Encoding.UTF8.GetString(bytes ?? []).Split('\n', StringSplitOptions.RemoveEmptyEntries))
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

    public static ReadOnlyMemory<byte> Line(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value) + "\n");
}

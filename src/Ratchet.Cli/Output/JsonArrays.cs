using System.Text.Json;

namespace Ratchet.Cli.Output;

/// <summary>The arrays of plain values the tool's JSON documents write under a property name.</summary>
internal static class JsonArrays
{
    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}

using System.Text.Json;
using Ratchet.PyTorch.Folders;

namespace Ratchet.Cli.Output;

/// <summary>The document <c>adopt --json</c> writes (docs/cli.md, "adopt --json").</summary>
internal static class AdoptJson
{
    public static void Write(Utf8JsonWriter json, AdoptionResult result)
    {
        json.WriteStartObject();
        json.WriteString("run", result.RunDirectory);
        json.WriteStartArray("added");
        foreach (var added in result.Added)
        {
            json.WriteStartObject();
            json.WriteNumber("step", added.Step);
            json.WriteNumber("epoch", added.Epoch);
            JsonArrays.WriteStrings(json, "files", added.Files);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("skipped");
        foreach (var skip in result.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("what", skip.What);
            json.WriteString("why", skip.Why);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("history_records", result.HistoryRecords);
        json.WriteEndObject();
    }
}

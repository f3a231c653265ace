using Ratchet.Checkpoints;
using System.Text.Json;
using Ratchet.Retention;

namespace Ratchet.Cli.Output;

/// <summary>The document <c>prune --json</c> writes (docs/cli.md, "prune --json"). Field names are part of the tool's
/// contract: add fields, never rename or remove them.</summary>
internal static class PruneJson
{
    public static void Write(Utf8JsonWriter json, RetentionPolicy policy, PruneResult result, IReadOnlyList<PruneRow> rows, bool dryRun)
    {
        json.WriteStartObject();
        json.WriteBoolean("dry_run", dryRun);
        json.WriteString("policy", policy.ToString());
        WriteRows(json, "kept", rows.Where(row => row.Action == RetentionAction.Keep));
        WriteRows(json, "dropped", rows.Where(row => row.Action == RetentionAction.Drop));
        WriteRows(json, "damaged", rows.Where(row => row.Action == RetentionAction.ReportDamaged));
        JsonArrays.WriteStrings(json, "removed", result.Removed);
        json.WriteNumber("freed_bytes", result.FreedBytes);
        JsonArrays.WriteStrings(json, "failures", result.Failures);
        json.WriteEndObject();
    }

    private static void WriteRows(Utf8JsonWriter json, string name, IEnumerable<PruneRow> rows)
    {
        json.WriteStartArray(name);
        foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteString("directory", row.Directory);
            if (row.Step is { } step)
            {
                json.WriteNumber("step", step);
            }
            else
            {
                json.WriteNull("step");
            }

            JsonArrays.WriteStrings(json, "reasons", row.Reasons);
            if (row.Action == RetentionAction.ReportDamaged)
            {
                JsonArrays.WriteStrings(json, "problems", row.Problems);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

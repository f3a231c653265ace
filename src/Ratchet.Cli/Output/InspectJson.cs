using System.Text.Json;
using Ratchet.PyTorch.Folders;

namespace Ratchet.Cli.Output;

/// <summary>The document <c>inspect --json</c> writes (docs/cli.md, "inspect --json"). Field names are part of the tool's
/// contract: add fields, never rename or remove them.</summary>
internal static class InspectJson
{
    public static void Write(Utf8JsonWriter json, ForeignRunReport report)
    {
        json.WriteStartObject();
        json.WriteString("kind", report.KindName);
        json.WriteString("directory", report.Directory);
        json.WriteStartArray("files");
        foreach (var file in report.Files)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("role", file.Role.Name());
            WriteNumberOrNull(json, "epoch", file.Epoch);
            json.WriteString("status", file.Status.Name());
            json.WriteString("reason", file.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("original_tool");
        WriteNumberOrNull(json, "would_resume_epoch", report.OriginalTool.WouldResumeEpoch);
        JsonArrays.WriteStrings(json, "files", report.OriginalTool.Files);
        json.WriteBoolean("silent_restart", report.OriginalTool.SilentRestart);
        json.WriteString("why", report.OriginalTool.Why);
        json.WriteEndObject();
        json.WriteStartObject("recommended");
        WriteNumberOrNull(json, "epoch", report.Recommended.Epoch);
        JsonArrays.WriteStrings(json, "files", report.Recommended.Files);
        json.WriteEndObject();
        JsonArrays.WriteStrings(json, "safe_to_delete", report.SafeToDelete);
        JsonArrays.WriteStrings(json, "keep", report.Keep);
        json.WriteString("verdict", report.Verdict);
        json.WriteString("fix", InspectView.FixCommand(report));
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

using System.Globalization;
using Ratchet.PyTorch.Folders;
using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>An inspected folder for people: a table of its checkpoint files, the original tool's next start, Ratchet's
/// recommendation, the verdict in one sentence and the command that fixes it.</summary>
internal static class InspectView
{
    private const int LabelWidth = 15;

    public static void Write(CliContext context, ForeignRunReport report)
    {
        var output = context.Output;
        output.WriteLine($"{"Folder".PadRight(LabelWidth)}{report.Directory} ({(report.Kind == ForeignRunKind.Applio ? "Applio/RVC model folder" : "Dora experiment folder")})");
        if (report.Files.Count > 0)
        {
            var table = new Table().AddColumn("File").AddColumn("Role").AddColumn(new TableColumn("Epoch").RightAligned()).AddColumn("Status").AddColumn("Why");
            foreach (var file in report.Files)
            {
                table.AddRow(new Text(file.Path), new Text(file.Role.Name()), new Text(file.Epoch?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                    new Text(file.Status.Name()), new Text(file.Reason ?? ""));
            }

            context.Console.Write(table);
        }
        else
        {
            output.WriteLine($"{"Checkpoints".PadRight(LabelWidth)}none");
        }

        var original = report.OriginalTool;
        string resume = original.WouldResumeEpoch is { } epoch ? $"trains epoch {epoch} next" : "stops with an error";
        output.WriteLine($"{"Original tool".PadRight(LabelWidth)}{resume}{(original.SilentRestart ? " (a silent restart)" : "")}: {original.Why}.");
        output.WriteLine($"{"Recommended".PadRight(LabelWidth)}{(report.Recommended.Epoch is { } kept ? $"epoch {kept}: {string.Join(", ", report.Recommended.Files)}" : "nothing can be resumed")}");
        output.WriteLine($"{"Keep".PadRight(LabelWidth)}{List(report.Keep)}");
        output.WriteLine($"{"Safe to delete".PadRight(LabelWidth)}{List(report.SafeToDelete)}");
        output.WriteLine($"{"Verdict".PadRight(LabelWidth)}{report.Verdict}");
        output.WriteLine($"{"Fix".PadRight(LabelWidth)}{FixCommand(report) ?? "none: there is nothing to resume"}");
    }

        /// <summary>The command that brings the run under Ratchet's guarantees from the recommended checkpoint (the run beside the
    /// folder, never inside it, since adopt does not modify the folder); null when there is nothing to resume.</summary>
    public static string? FixCommand(ForeignRunReport report) =>
        report.Recommended.Epoch is null
            ? null
            : $"ratchet adopt {report.KindName} {ShellQuoting.Quote(report.Directory)} --run {ShellQuoting.Quote(report.Directory.TrimEnd('/') + "-ratchet")}";

    private static string List(IReadOnlyList<string> files) => files.Count == 0 ? "none" : string.Join(", ", files);
}

using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.PyTorch.Folders;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet adopt applio|dora DIR --run RUN</c>: brings an Applio/RVC or Dora folder under Ratchet's guarantees.</summary>
internal sealed class AdoptCommand : RatchetCommand
{
    private readonly Argument<string> _kind = new("KIND")
    {
        Description = "applio (also RVC) or dora.",
    };

    private readonly Argument<string> _directory = new("DIR")
    {
        Description = "The Applio/RVC model folder (logs/<model>/) or the Dora experiment folder (outputs/xps/<signature>/). Only read.",
    };

    private readonly Option<string> _run = new("--run")
    {
        Description = "The Ratchet run to create or extend (outside DIR).",
        Required = true,
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public AdoptCommand()
        : base("adopt", "Create or extend a Ratchet run from an Applio/RVC or Dora folder: each intact G/D pair of one epoch, or Dora's "
            + "checkpoint, becomes a verified checkpoint (step and epoch from inside the files); Dora's history becomes the run's, "
            + "cut at the checkpoint. Damaged and refused files are skipped with a warning; DIR is never modified; running it "
            + "again adds only what is new.")
    {
        _kind.AcceptOnlyFromAmong("applio", "dora");
        Command.Add(_kind);
        Command.Add(_directory);
        Command.Add(_run);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var kind = parseResult.GetRequiredValue(_kind) == "dora" ? ForeignRunKind.Dora : ForeignRunKind.Applio;
        string directory = Path.GetFullPath(parseResult.GetRequiredValue(_directory));
        string run = Path.GetFullPath(parseResult.GetRequiredValue(_run));
        bool json = parseResult.GetValue(_json);
        long totalBytes = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, kind == ForeignRunKind.Dora ? "*.th" : "*.pth").Sum(path => new FileInfo(path).Length)
            : 0;
        var result = await ByteProgress.RunAsync(context, !json, "Adopting", totalBytes,
            progress => ForeignRunAdopter.AdoptAsync(directory, kind, run, null, progress, cancellationToken)).ConfigureAwait(false);
        if (json)
        {
            await JsonOutput.WriteAsync(context.Output, writer => AdoptJson.Write(writer, result), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var skip in result.Skipped)
            {
                await context.Error.WriteLineAsync($"ratchet: warning: skipped {skip.What}: {skip.Why}").ConfigureAwait(false);
            }

            foreach (var added in result.Added)
            {
                await context.Output.WriteLineAsync($"Adopted step {added.Step} (epoch {added.Epoch}) from {string.Join(" and ", added.Files)}").ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync(result.Added.Count == 0
                ? $"Nothing new to adopt into {result.RunDirectory}."
                : $"Run {result.RunDirectory}: {result.Added.Count} checkpoint(s) added{(result.HistoryRecords > 0 ? $", {result.HistoryRecords} history record(s)" : "")}. "
                    + $"See it with: ratchet status {ShellQuoting.Quote(result.RunDirectory)}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}

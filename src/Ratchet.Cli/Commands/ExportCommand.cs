using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.PyTorch.Export;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet export RUN --format applio --out DIR [--checkpoint STEP] [--latest]</c>: an adopted checkpoint back as
/// the files Applio/RVC resumes from.</summary>
internal sealed class ExportCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();

    private readonly Option<string> _format = new("--format")
    {
        Description = "The tool to export for: applio (also RVC).",
        Required = true,
    };

    private readonly Option<string> _out = new("--out")
    {
        Description = "The folder to write G_<step>.pth and D_<step>.pth into (created when missing; existing files are never overwritten).",
        Required = true,
    };

    private readonly Option<long?> _checkpoint = new("--checkpoint")
    {
        Description = "The step to export (default: the newest intact checkpoint).",
    };

    private readonly Option<bool> _latest = new("--latest")
    {
        Description = "Name the files G_2333333.pth and D_2333333.pth, the names Applio's \"save only latest\" resumes from.",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public ExportCommand()
        : base("export", "Write an adopted checkpoint back as the files Applio/RVC resumes from (model, iteration, optimizer, "
            + "learning_rate), loadable by torch.load, tensors bit-identical. Refuses to overwrite files, or to write where a "
            + "file already there would win Applio's pick.")
    {
        _format.AcceptOnlyFromAmong("applio");
        Command.Add(_run);
        Command.Add(_format);
        Command.Add(_out);
        Command.Add(_checkpoint);
        Command.Add(_latest);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await Reading.RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        bool json = parseResult.GetValue(_json);
        // The bar's length: the largest checkpoint's size, a close bound on what one export writes.
        var checkpoints = await run.ListAsync(Checkpoints.VerificationLevel.Fast, cancellationToken).ConfigureAwait(false);
        long total = checkpoints.Select(status => status.Manifest?.TotalBytes ?? 0).DefaultIfEmpty(0).Max();
        var result = await ByteProgress.RunAsync(context, !json, "Exporting", total, progress =>
            ApplioExport.ExportAsync(run.Path, parseResult.GetRequiredValue(_out), parseResult.GetValue(_checkpoint), parseResult.GetValue(_latest), progress, cancellationToken))
            .ConfigureAwait(false);
        if (json)
        {
            await JsonOutput.WriteAsync(context.Output, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("step", result.Step);
                writer.WriteNumber("epoch", result.Epoch);
                JsonArrays.WriteStrings(writer, "files", result.Files);
                writer.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await context.Output.WriteLineAsync($"Exported step {result.Step} (epoch {result.Epoch}): {string.Join(", ", result.Files)}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}

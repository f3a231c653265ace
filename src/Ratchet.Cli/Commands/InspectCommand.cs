using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.PyTorch.Folders;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet inspect DIR [--json]</c>: what an Applio/RVC model folder or a Dora experiment folder really holds,
/// what its own tool would do on its next start, and what to resume from instead. Reads only; nothing in the files runs.</summary>
internal sealed class InspectCommand : RatchetCommand
{
    private readonly Argument<string> _directory = new("DIR")
    {
        Description = "An Applio/RVC model folder (logs/<model>/) or a Dora experiment folder (outputs/xps/<signature>/).",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public InspectCommand()
        : base("inspect", "Tell what a PyTorch training folder (Applio/RVC or Demucs/Dora) really holds: each checkpoint's role, "
            + "epoch and state, what the original tool would resume from, what to resume from instead, and which files may be "
            + "deleted. Reads only; nothing in the files is run.")
    {
        Command.Add(_directory);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        string directory = Path.GetFullPath(parseResult.GetRequiredValue(_directory));
        bool json = parseResult.GetValue(_json);
        var report = await ByteProgress.RunAsync(context, !json, "Inspecting", ForeignRunInspector.CheckpointBytes(directory),
            progress => Task.FromResult(ForeignRunInspector.Inspect(directory, progress))).ConfigureAwait(false);
        if (json)
        {
            await JsonOutput.WriteAsync(context.Output, json => InspectJson.Write(json, report), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            InspectView.Write(context, report);
        }

        return ExitCodes.Ok;
    }
}

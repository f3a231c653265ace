using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.Tensors;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet tensors FILE [--json]</c>: what a safetensors file's header says, validated by the library.</summary>
internal sealed class TensorsCommand : RatchetCommand
{
    private readonly Argument<string> _file = new("FILE")
    {
        Description = "A safetensors file, such as a checkpoint's tensors part (checkpoints/step-…/NAME.safetensors).",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public TensorsCommand()
        : base("tensors", "List the tensors of a safetensors file (name, dtype, shape, bytes, offsets) and its metadata. "
            + "Only the header is read. Exits 3 when the file does not follow the format.")
    {
        Command.Add(_file);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        string path = Path.GetFullPath(parseResult.GetRequiredValue(_file));
        if (!File.Exists(path))
        {
            throw new CheckpointNotFoundException(Directory.Exists(path)
                ? $"'{path}' is a directory, not a safetensors file. Pass the file itself, e.g. a checkpoint's NAME.safetensors."
                : $"There is no file at '{path}'. Check the path.");
        }

        // Open validates the whole header (every rule of the format) and maps the data without reading it.
        using var file = SafetensorsFile.Open(path);
        if (parseResult.GetValue(_json))
        {
            await JsonOutput.WriteAsync(context.Output, json => TensorJson.Write(json, file), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            TensorView.Write(context, file);
        }

        return ExitCodes.Ok;
    }
}

using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.PyTorch;
using Ratchet.Tensors;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet tensors FILE [--json] [--sha256]</c>: what a safetensors file's header says, or what a PyTorch file
/// (.pth, .pt, .th, .ckpt) holds, read without running it; the format is told from the file's first bytes.</summary>
internal sealed class TensorsCommand : RatchetCommand
{
    private readonly Argument<string> _file = new("FILE")
    {
        Description = "A safetensors file, such as a checkpoint's tensors part (checkpoints/step-…/NAME.safetensors), "
            + "or a PyTorch file (.pth, .pt, .th, .ckpt).",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    private readonly Option<bool> _sha256 = new("--sha256")
    {
        Description = "Add each tensor's SHA-256 over its bytes in C order, little-endian (reads every tensor byte).",
    };

    public TensorsCommand()
        : base("tensors", "List the tensors of a safetensors file (name, dtype, shape, bytes, offsets) and its metadata, or of a "
            + "PyTorch file (name by dotted path, dtype, shape) with its plain values; a PyTorch file is read without running "
            + "any of it. Exits 3 when the file is damaged, does not follow its format, or is refused as unsafe.")
    {
        Command.Add(_file);
        Command.Add(_json);
        Command.Add(_sha256);
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

        bool json = parseResult.GetValue(_json);
        bool withHashes = parseResult.GetValue(_sha256);
        if (IsPyTorch(path))
        {
            using var torchFile = PyTorchFile.Open(path);
            var listing = await PyTorchListing.ReadAsync(context, torchFile, withHashes, showProgress: !json).ConfigureAwait(false);
            if (json)
            {
                await JsonOutput.WriteAsync(context.Output, writer => PyTorchTensorJson.Write(writer, listing), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                PyTorchTensorView.Write(context, listing);
            }

            return ExitCodes.Ok;
        }

        // Open validates the whole header (every rule of the format) and maps the data without reading it.
        using var file = SafetensorsFile.Open(path);
        var hashes = withHashes ? TensorHashes.Of(file) : null;
        if (json)
        {
            await JsonOutput.WriteAsync(context.Output, writer => TensorJson.Write(writer, file, hashes), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            TensorView.Write(context, file, hashes);
        }

        return ExitCodes.Ok;
    }

    private static bool IsPyTorch(string path)
    {
        Span<byte> start = stackalloc byte[9];
        using var stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return PyTorchFile.LooksLikePyTorch(start[..read]);
    }
}

using System.CommandLine;
using Ratchet.TensorBoard;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet tensorboard RUN [--out DIR]</c>: TensorBoard event files written from the run's history, for runs
/// that have none (adopted runs, runs with event files turned off) or to rebuild them.</summary>
internal sealed class TensorBoardCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();

    private readonly Option<string?> _out = new("--out")
    {
        Description = "Where to write the event file (default: RUN/tensorboard). A new file is always written; old ones are left alone.",
    };

    public TensorBoardCommand()
        : base("tensorboard", "Write TensorBoard event files from the run's history (every metric as a scalar at its step), so "
            + "`tensorboard --logdir DIR` shows the curves. Reads the run without locking it.")
    {
        Command.Add(_run);
        Command.Add(_out);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await Reading.RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        var history = await run.ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
        string directory = Path.GetFullPath(parseResult.GetValue(_out) ?? Path.Combine(run.Path, "tensorboard"));
        string file;
        using (var writer = TensorBoardWriter.Create(directory, TimeProvider.System.GetUtcNow()))
        {
            foreach (var record in history)
            {
                writer.Write(record);
            }

            file = writer.Path;
        }

        int scalars = history.Sum(record => record.Metrics.Count);
        await context.Output.WriteLineAsync($"Wrote {scalars} scalars from {history.Count} history records to {file}. View with: tensorboard --logdir {ShellQuoting.Quote(directory)}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

using System.CommandLine;
using Ratchet.Checkpoints;
using Ratchet.Cli.Output;
using Ratchet.Cli.Reading;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet list RUN [--full] [--json]</c>: every checkpoint directory, newest step first.</summary>
internal sealed class ListCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();
    private readonly Option<bool> _full = new("--full")
    {
        Description = "Also read every byte and check each part's checksum (slow on large checkpoints); "
            + "by default only manifests and file sizes are checked and sound checkpoints show as unverified.",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public ListCommand()
        : base("list", "List every checkpoint: step, epoch, time, size, status (intact, damaged, unverified), problems, pin and metrics.")
    {
        Command.Add(_run);
        Command.Add(_full);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        run.EnsureRunFileReadable();
        run.EnsurePinsReadable();
        var level = parseResult.GetValue(_full) ? VerificationLevel.Full : VerificationLevel.Fast;
        var statuses = await run.ListAsync(level, cancellationToken).ConfigureAwait(false);
        await run.MeasureAsync(statuses.Select(status => status.DirectoryName), cancellationToken).ConfigureAwait(false);
        var rows = statuses.Select(status => CheckpointRow.For(run, status)).ToList();
        if (parseResult.GetValue(_json))
        {
            await JsonOutput.WriteAsync(context.Output, json =>
            {
                json.WriteStartArray();
                foreach (var row in rows)
                {
                    CheckpointJson.Write(json, row);
                }

                json.WriteEndArray();
            }, cancellationToken).ConfigureAwait(false);
        }
        else if (rows.Count == 0)
        {
            await context.Output.WriteLineAsync($"The run '{run.Path}' has no checkpoints yet.").ConfigureAwait(false);
        }
        else
        {
            CheckpointTable.Write(context, rows);
        }

        // Listing reports; judging is verify's job, so damaged checkpoints do not change the exit code here.
        return ExitCodes.Ok;
    }
}

using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.Cli.Reading;
using Ratchet.History;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet history RUN [--tail N] [--json]</c>: the metrics history, oldest first.</summary>
internal sealed class HistoryCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();
    private readonly Option<int?> _tail = new("--tail")
    {
        Description = "Show only the last N records (default: all).",
        HelpName = "N",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public HistoryCommand()
        : base("history", "Show the metrics history: one record per logged point (step, epoch, time, metrics).")
    {
        CommonSymbols.RequireNonNegative(_tail);
        Command.Add(_run);
        Command.Add(_tail);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        var records = await run.ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var shown = parseResult.GetValue(_tail) is { } tail ? records.TakeLast(tail).ToList() : records;
        if (parseResult.GetValue(_json))
        {
            await JsonOutput.WriteAsync(context.Output, json =>
            {
                json.WriteStartArray();
                foreach (var record in shown)
                {
                    HistoryJson.Write(json, record);
                }

                json.WriteEndArray();
            }, cancellationToken).ConfigureAwait(false);
        }
        else if (records.Count == 0)
        {
            await context.Output.WriteLineAsync($"The run '{run.Path}' has no history yet.").ConfigureAwait(false);
        }
        else
        {
            await context.Output.WriteLineAsync($"{Formats.Count(records.Count, "record")}; showing {shown.Count}.").ConfigureAwait(false);
            HistoryTable.Write(context, shown);
        }

        return ExitCodes.Ok;
    }
}

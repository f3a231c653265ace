using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.Cli.Reading;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet status RUN</c>: identity, lock, what a resume would pick and why, damage, disk usage and
/// the tail of the history.</summary>
internal sealed class StatusCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();

    public StatusCommand()
        : base("status", "Show a run at a glance: identity, lock holder, the checkpoint a resume would pick and why, damaged checkpoints, "
            + "disk usage and the last history records. Exits 3 when a writer could not open the run as it stands.")
    {
        Command.Add(_run);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        var report = await StatusReport.GatherAsync(run, cancellationToken).ConfigureAwait(false);
        StatusView.Write(context, report);
        return report.Healthy ? ExitCodes.Ok : ExitCodes.Damaged;
    }
}

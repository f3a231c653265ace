using System.CommandLine;
using Ratchet.Checkpoints;
using Ratchet.Cli.Report;
using Ratchet.Runs;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet report RUN [-o report.html]</c>: one self-contained HTML file to look at a run in any browser.</summary>
internal sealed class ReportCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();

    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "The HTML file to write (default: RUN/report.html).",
    };

    public ReportCommand()
        : base("report", "Write one self-contained HTML report of the run (charts of every metric, the checkpoints, the sessions and "
            + "what each resume set aside, the config and identity, the run's pictures). Reads the run without locking it.")
    {
        Command.Add(_run);
        Command.Add(_output);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await Reading.RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        var history = await run.ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = await run.ListAsync(VerificationLevel.Fast, cancellationToken).ConfigureAwait(false);
        var pictures = Directory.EnumerateFiles(run.Path, "*.svg").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path))).ToList();
        var data = new ReportData(run.Path, run.Info, history, checkpoints, run.PinnedSteps, await run.Reader.ReadRetentionReasonsAsync(cancellationToken).ConfigureAwait(false), await run.Reader.ReadSessionsAsync(cancellationToken).ConfigureAwait(false), await run.Reader.ReadPrunedAsync(cancellationToken).ConfigureAwait(false), pictures);
        string output = Path.GetFullPath(parseResult.GetValue(_output) ?? Path.Combine(run.Path, "report.html"));
        await File.WriteAllTextAsync(output, ReportPage.Render(data), cancellationToken).ConfigureAwait(false);
        await context.Output.WriteLineAsync($"Wrote {output}: {history.Count} history records, {checkpoints.Count} checkpoints.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

using Ratchet.Checkpoints;
using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.Cli.Reading;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet prune RUN RULES... [--remove-damaged] [--dry-run] [--json]</c>: plans retention with the library
/// and, unless it is a dry run, applies the plan under the run's lock.</summary>
internal sealed class PruneCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();
    private readonly RetentionRules _rules = new();
    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Show the plan and change nothing; takes no lock, so it works while training runs.",
    };

    private readonly Option<bool> _removeDamaged = new("--remove-damaged")
    {
        Description = "Also remove damaged checkpoints (never otherwise removed: they are evidence). Pinned ones stay.",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public PruneCommand()
        : base("prune", "Remove the checkpoints no rule keeps. The newest intact checkpoint and pinned ones always stay; damaged ones stay "
            + "unless --remove-damaged. Shows every checkpoint with its action and reasons; --dry-run changes nothing.")
    {
        Command.Add(_run);
        _rules.AddTo(Command);
        Command.Add(_removeDamaged);
        Command.Add(_dryRun);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);

        // Without the run's signature a checkpoint copied in from another run would count as intact, and could be kept
        // as "newest intact" while this run's own checkpoints are dropped.
        run.EnsureRunFileReadable();
        var policy = _rules.CreatePolicy(parseResult);
        bool dryRun = parseResult.GetValue(_dryRun);
        bool removeDamaged = parseResult.GetValue(_removeDamaged);

        // Applying removes checkpoints, so it holds the lock a writer holds: no training process can save, resume or
        // prune meanwhile, and one that holds the run makes this fail naming it. A dry run only reads.
        PruneResult result;
        if (dryRun)
        {
            result = await run.Reader.PlanPruneAsync(policy, removeDamaged, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var maintenance = await RunMaintenance.OpenAsync(run.Path, null, cancellationToken).ConfigureAwait(false);
            await using (maintenance.ConfigureAwait(false))
            {
                result = await maintenance.PruneAsync(policy, removeDamaged, cancellationToken).ConfigureAwait(false);
            }
        }
        var rows = PruneRow.For(result, dryRun);
        if (parseResult.GetValue(_json))
        {
            await JsonOutput.WriteAsync(context.Output, json => PruneJson.Write(json, policy, result, rows, dryRun), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            PruneView.Write(context, run.Path, policy, result, rows, dryRun, removeDamaged);
        }

        foreach (string failure in result.Failures)
        {
            await context.Error.WriteLineAsync($"ratchet: {failure}").ConfigureAwait(false);
        }

        return result.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

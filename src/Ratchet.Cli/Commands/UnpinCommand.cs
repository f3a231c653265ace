using Ratchet.Runs;
using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.Cli.Reading;
using Ratchet.Retention;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet unpin RUN STEP</c>: makes a pinned checkpoint subject to retention again.</summary>
internal sealed class UnpinCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();
    private readonly Argument<long> _step = CommonSymbols.Step("The pinned step to release.");

    public UnpinCommand()
        : base("unpin", "Remove a pin: the checkpoint may be pruned again when no rule keeps it. Unpinning a step that is not pinned changes nothing.")
    {
        CommonSymbols.RequireNonNegative(_step);
        Command.Add(_run);
        Command.Add(_step);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        run.EnsurePinsReadable();
        long step = parseResult.GetValue(_step);

        // The checkpoint need not exist: a pin outlives a directory deleted by hand, and releasing it must stay possible.
        if (!run.PinnedSteps.Contains(step))
        {
            string pinned = run.PinnedSteps.Count == 0 ? "nothing is pinned" : $"pinned: {Formats.Steps(run.PinnedSteps)}";
            await context.Output.WriteLineAsync($"Step {step} is not pinned ({pinned}); nothing changed.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await RunPins.UnpinAsync(run.Path, step, cancellationToken).ConfigureAwait(false);
        await context.Output.WriteLineAsync($"Unpinned step {step}: retention may prune it again when no rule keeps it.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

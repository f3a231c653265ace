using Ratchet.Runs;
using System.CommandLine;
using Ratchet.Checkpoints;
using Ratchet.Cli.Reading;
using Ratchet.Retention;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet pin RUN STEP</c>: keeps a checkpoint from ever being pruned.</summary>
/// <remarks>No run lock: <c>pins.json</c> is replaced atomically and retention reads it afresh before each prune, so
/// pinning is safe while training runs (docs/cli.md, "pin").</remarks>
internal sealed class PinCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();
    private readonly Argument<long> _step = CommonSymbols.Step("The step of the checkpoint to pin, as `ratchet list` shows it.");

    public PinCommand()
        : base("pin", "Pin a checkpoint so that retention never prunes it; damaged ones too, to keep the evidence. Safe while training runs.")
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
        var checkpoint = Find(run, await run.ListAsync(VerificationLevel.Fast, cancellationToken).ConfigureAwait(false), step);
        if (run.PinnedSteps.Contains(step))
        {
            await context.Output.WriteLineAsync($"Step {step} ({checkpoint.DirectoryName}) is already pinned; nothing changed.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await RunPins.PinAsync(run.Path, step, cancellationToken).ConfigureAwait(false);
        await context.Output.WriteLineAsync(
            $"Pinned step {step} ({checkpoint.DirectoryName}): retention will never prune it. `ratchet unpin {ShellQuoting.Quote(run.Path)} {step}` releases it.").ConfigureAwait(false);
        if (checkpoint.State == CheckpointState.Damaged)
        {
            await context.Output.WriteLineAsync(
                $"It is damaged: {string.Join(" ", checkpoint.Problems)} The pin keeps it as evidence, also from `ratchet prune --remove-damaged`.").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The checkpoint whose manifest records <paramref name="step"/>. Retention matches pins by that step, so a
    /// directory whose manifest cannot be read cannot be protected by a pin: refusing beats a pin that does nothing.</summary>
    private static CheckpointStatus Find(RunDirectory run, IReadOnlyList<CheckpointStatus> all, long step)
    {
        if (all.Where(status => status.Step == step).OrderBy(status => status.PassedChecks ? 0 : 1).FirstOrDefault() is { } match)
        {
            return match;
        }

        string name = Storage.RunLayout.CheckpointName(step);
        if (all.FirstOrDefault(status => status.DirectoryName == name) is { } unreadable)
        {
            throw new CheckpointCorruptException(
                $"{name} cannot be pinned because its step cannot be trusted: {string.Join(" ", unreadable.Problems)} Retention matches pins by the step "
                + "its manifest records, so a pin would not protect it. `ratchet prune` leaves it in place unless given --remove-damaged; "
                + "to keep it for good, move it out of checkpoints/.");
        }

        throw run.NoCheckpointAt(step, all);
    }
}

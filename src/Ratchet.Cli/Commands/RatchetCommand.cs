using System.CommandLine;

namespace Ratchet.Cli.Commands;

/// <summary>
/// The shape of every command: a subclass declares its arguments and options in its constructor and implements
/// <see cref="ExecuteAsync"/>; errors become an exit code and one sentence on stderr here, not in each command.
/// Register a new command with one line in <see cref="CommandCatalog"/>.
/// </summary>
internal abstract class RatchetCommand
{
    protected RatchetCommand(string name, string description) => Command = new Command(name, description);

    /// <summary>The System.CommandLine command; subclasses add their arguments and options to it.</summary>
    protected Command Command { get; }

    /// <summary>Wires the command to its context and returns it for the root command.</summary>
    public Command Build(CliContext context)
    {
        Command.SetAction((parseResult, cancellationToken) => RunAsync(context, parseResult, cancellationToken));
        return Command;
    }

    /// <summary>Does the work and returns an exit code from <see cref="ExitCodes"/>. Throws for errors.</summary>
    protected abstract Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken);

    // Every failure ends here: a stack trace helps the developer of a bug, not a user whose checkpoint is damaged.
    private async Task<int> RunAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(context, parseResult, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the tool's outermost handler: every error must become an exit code and a sentence
        catch (Exception error)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync($"ratchet: {ErrorText.Describe(error)}").ConfigureAwait(false);
            if (parseResult.GetValue(context.Verbose))
            {
                await context.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.For(error);
        }
    }
}

using System.CommandLine;
using Ratchet.Cli.Commands;

namespace Ratchet.Cli;

/// <summary>The <c>ratchet</c> command line, callable in-process: the tool's entry point and the tests' both use it.</summary>
public static class RatchetCli
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where error sentences go.</param>
    /// <param name="cancellationToken">Stops the command; Ctrl+C does too.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        // Progress bars and colours only for a person at a terminal; piped output and captured writers get plain text.
        bool interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var context = new CliContext(output, error, interactive);
        var root = new RootCommand("See, verify and clean up Ratchet training runs. The reading commands never take the run's lock and never change a run, so they are safe while training runs.");
        root.Options.Add(context.Verbose);
        foreach (var command in CommandCatalog.Create())
        {
            root.Subcommands.Add(command.Build(context));
        }

        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}

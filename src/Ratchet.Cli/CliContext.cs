using System.CommandLine;
using Spectre.Console;

namespace Ratchet.Cli;

/// <summary>Where one invocation writes, and how: plain lines go straight to <see cref="Output"/> (never wrapped,
/// so they stay greppable); tables and progress go through <see cref="Console"/>, which renders to the same writer.</summary>
internal sealed class CliContext
{
    /// <summary>The width tables are laid out for when the output is not a terminal, so that piped output and tests
    /// do not depend on the size of whatever window started the tool.</summary>
    public const int RedirectedWidth = 160;

    public CliContext(TextWriter output, TextWriter error, bool interactive)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            Console.Profile.Width = RedirectedWidth;
        }
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: error sentences only.</summary>
    public TextWriter Error { get; }

    /// <summary>True when the output is a terminal a person watches (progress bars, colours).</summary>
    public bool Interactive { get; }

    /// <summary>Renders tables and progress to <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary><c>--verbose</c>: show the stack trace of an error. One instance per invocation, shared by every command.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show the full error, stack trace included, when a command fails.",
        Recursive = true,
    };
}

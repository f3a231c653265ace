using System.CommandLine;

namespace Ratchet.Cli.Commands;

/// <summary>Arguments and options several commands share, so they are spelled and described the same everywhere.
/// Each call returns a new instance: a symbol belongs to one command.</summary>
internal static class CommonSymbols
{
    public static Argument<string> Run() => new("RUN")
    {
        Description = "The run directory (the one holding run.json and checkpoints/).",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON instead of tables (the schema is documented in docs/cli.md).",
    };
}

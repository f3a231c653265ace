using System.CommandLine;
using System.Globalization;

namespace Ratchet.Cli.Commands;

/// <summary>Arguments and options several commands share, so they are spelled and described the same everywhere.
/// Each call returns a new instance: a symbol belongs to one command.</summary>
internal static class CommonSymbols
{
    public static Argument<string> Run()
    {
        var run = new Argument<string>("RUN") { Description = "The run directory (the one holding run.json and checkpoints/)." };
        run.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && string.IsNullOrWhiteSpace(text))
            {
                result.AddError("RUN must name a run directory, not an empty string.");
            }
        });
        return run;
    }

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON instead of tables (the schema is documented in docs/cli.md).",
    };

    public static Argument<long> Step(string description) => new("STEP")
    {
        Description = description,
    };

    /// <summary>Rejects a negative step as a usage error (a negative number would otherwise read as an unknown option).</summary>
    public static void RequireNonNegative(Argument<long> argument) => argument.Validators.Add(result =>
    {
        if (result.Tokens is [{ Value: var text }] && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value < 0)
        {
            result.AddError($"{argument.Name} must be zero or more.");
        }
    });

    /// <summary>Rejects zero and negative values as a usage error.</summary>
    public static void RequirePositive(Option option) => option.Validators.Add(result =>
    {
        if (result.Tokens is [{ Value: var text }] && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value < 1)
        {
            result.AddError($"{option.Name} must be at least 1.");
        }
    });

    /// <summary>Rejects a negative value as a usage error.</summary>
    public static void RequireNonNegative(Option option) => option.Validators.Add(result =>
    {
        // Judge only a value that parses: a malformed one already has its own error, and reading it here would throw.
        if (result.Tokens is [{ Value: var text }] && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value < 0)
        {
            result.AddError($"{option.Name} must be zero or more.");
        }
    });
}

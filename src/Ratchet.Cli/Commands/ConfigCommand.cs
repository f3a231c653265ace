using System.CommandLine;
using Ratchet.Cli.Output;
using Ratchet.Cli.Reading;
using Ratchet.Runs;
using Spectre.Console;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet config RUN [--diff OTHER_RUN]</c>: the stored config as JSON, or how it differs from another run's.</summary>
internal sealed class ConfigCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();
    private readonly Option<string> _diff = new("--diff")
    {
        Description = "Compare with the config of this other run, key by key.",
        HelpName = "OTHER_RUN",
    };

    public ConfigCommand()
        : base("config", "Print the run's stored config as JSON, or compare it key by key with another run's (--diff).")
    {
        Command.Add(_run);
        Command.Add(_diff);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        var info = run.RequireInfo();
        if (parseResult.GetValue(_diff) is not { } otherPath)
        {
            // The config alone, so `ratchet config RUN > config.json` gives a file training code can load.
            await JsonOutput.WriteAsync(context.Output, info.Config.WriteTo, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var other = await RunDirectory.OpenAsync(otherPath, cancellationToken).ConfigureAwait(false);
        WriteDiff(context, run, info, other, other.RequireInfo());
        return ExitCodes.Ok;
    }

    private static void WriteDiff(CliContext context, RunDirectory run, RunInfo info, RunDirectory other, RunInfo otherInfo)
    {
        var output = context.Output;
        output.WriteLine($"{run.Path}: signature {info.Signature}");
        output.WriteLine($"{other.Path}: signature {otherInfo.Signature}");
        output.WriteLine(info.Signature == otherInfo.Signature
            ? "Same signature: the configs agree in every key that is part of the runs' identity."
            : "Different signatures: the configs differ in keys that are part of the runs' identity, or ignore different keys.");

        // Every key, ignored ones included: a user comparing two runs wants to see the epochs differ too.
        var differences = ConfigIdentity.Diff(info.Config, otherInfo.Config, []);
        if (differences.Count == 0)
        {
            output.WriteLine("The configs are identical.");
            return;
        }

        // Which differences matter for identity is the library's rule, not the CLI's: diff again without the ignored keys.
        var identity = ConfigIdentity.Diff(info.Config, otherInfo.Config, info.IgnoredKeys.Union(otherInfo.IgnoredKeys))
            .Select(difference => difference.Path).ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"{Formats.Count(differences.Count, "key")} {(differences.Count == 1 ? "differs" : "differ")}:");
        var table = new Table().AddColumn("Key").AddColumn("This run").AddColumn("Other run").AddColumn("Identity");
        foreach (var difference in differences)
        {
            table.AddRow(
                new Text(difference.Path),
                new Text(difference.Saved ?? "(absent)"),
                new Text(difference.Given ?? "(absent)"),
                new Text(identity.Contains(difference.Path) ? "part of identity" : "ignored"));
        }

        context.Console.Write(table);
    }
}

using System.CommandLine;
using Ratchet.Retention;

namespace Ratchet.Cli.Commands;

/// <summary>The rule options of <c>prune</c> and the policy they spell: a checkpoint stays when any rule given keeps it.
/// Every value is checked while parsing, so a bad one is a usage error before the run is touched.</summary>
internal sealed class RetentionRules
{
    private readonly Option<int?> _keepLast = new("--keep-last")
    {
        Description = "Keep the N newest intact checkpoints.",
        HelpName = "N",
    };

    private readonly Option<long?> _keepEvery = new("--keep-every")
    {
        Description = "Keep every intact checkpoint whose step is a multiple of N.",
        HelpName = "N",
    };

    private readonly Option<long?> _keepEveryEpochs = new("--keep-every-epochs")
    {
        Description = "Keep, for every epoch that is a multiple of N, its last intact checkpoint.",
        HelpName = "N",
    };

    private readonly Option<string[]> _keepBest = new("--keep-best")
    {
        Description = "Keep the K intact checkpoints with the best METRIC, lowest (min) or highest (max); e.g. loss:min:3. May be repeated.",
        HelpName = KeepBestSpec.Syntax,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>Adds the options to <paramref name="command"/>, with their checks and the rule that one is required.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _keepLast, _keepEvery, _keepEveryEpochs })
        {
            CommonSymbols.RequirePositive(option);
            command.Add(option);
        }

        _keepBest.Validators.Add(result =>
        {
            foreach (string text in result.Tokens.Select(token => token.Value))
            {
                if (!KeepBestSpec.TryParse(text, out _, out string? problem))
                {
                    result.AddError($"--keep-best '{text}' is not {KeepBestSpec.Syntax}: {problem}. For example: --keep-best loss:min:3.");
                }
            }
        });
        command.Add(_keepBest);

        // Presence only: reading a malformed value here would throw, and it already has its own error.
        command.Validators.Add(result =>
        {
            if (new Option[] { _keepLast, _keepEvery, _keepEveryEpochs, _keepBest }.All(option => result.GetResult(option) is null))
            {
                result.AddError("Give at least one rule: --keep-last N, --keep-every N, --keep-every-epochs N or --keep-best "
                    + $"{KeepBestSpec.Syntax}. The run's own retention policy lives in its training code, not on disk, so prune needs it spelled out.");
            }
        });
    }

    /// <summary>The policy the parsed options spell (a single rule as itself, several combined with AnyOf).</summary>
    public RetentionPolicy CreatePolicy(ParseResult parseResult)
    {
        var rules = new List<RetentionPolicy>();
        if (parseResult.GetValue(_keepLast) is { } last)
        {
            rules.Add(RetentionPolicy.KeepLast(last));
        }

        if (parseResult.GetValue(_keepEvery) is { } steps)
        {
            rules.Add(RetentionPolicy.KeepEverySteps(steps));
        }

        if (parseResult.GetValue(_keepEveryEpochs) is { } epochs)
        {
            rules.Add(RetentionPolicy.KeepEveryEpochs(epochs));
        }

        foreach (string text in parseResult.GetValue(_keepBest) ?? [])
        {
            _ = KeepBestSpec.TryParse(text, out var best, out _);
            rules.Add(RetentionPolicy.KeepBest(best!.Metric, best.Goal, best.Count));
        }

        return rules.Count == 1 ? rules[0] : RetentionPolicy.AnyOf([.. rules]);
    }
}

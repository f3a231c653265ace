using System.CommandLine;
using Ratchet.Checkpoints;
using Ratchet.Cli.Output;
using Ratchet.Cli.Reading;

namespace Ratchet.Cli.Commands;

/// <summary><c>ratchet verify RUN [--step S] [--json]</c>: full verification, every byte of every part.</summary>
internal sealed class VerifyCommand : RatchetCommand
{
    private readonly Argument<string> _run = CommonSymbols.Run();
    private readonly Option<long?> _step = new("--step")
    {
        Description = "Verify only the checkpoint with this step (default: every checkpoint).",
        HelpName = "STEP",
    };

    private readonly Option<bool> _json = CommonSymbols.Json();

    public VerifyCommand()
        : base("verify", "Verify checkpoints in full: the manifest, every file and every part's checksum. Exits 3 when any is damaged.")
    {
        CommonSymbols.RequireNonNegative(_step);
        Command.Add(_run);
        Command.Add(_step);
        Command.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var run = await RunDirectory.OpenAsync(parseResult.GetRequiredValue(_run), cancellationToken).ConfigureAwait(false);
        run.EnsureRunFileReadable();
        run.EnsurePinsReadable();
        bool asJson = parseResult.GetValue(_json);
        var candidates = Select(run, await run.ListAsync(VerificationLevel.Fast, cancellationToken).ConfigureAwait(false), parseResult.GetValue(_step));
        bool showProgress = context.Interactive && !asJson && VerifyProgress.IsLarge(candidates);
        var verified = await VerifyProgress.RunAsync(context, run.Reader, candidates, showProgress, cancellationToken).ConfigureAwait(false);
        await run.MeasureAsync(verified.Select(status => status.DirectoryName), cancellationToken).ConfigureAwait(false);
        var rows = verified.Select(status => CheckpointRow.For(run, status)).ToList();
        bool ok = rows.TrueForAll(row => row.Status.State == CheckpointState.Intact);
        if (asJson)
        {
            await JsonOutput.WriteAsync(context.Output, json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("ok", ok);
                json.WriteNumber("checked", rows.Count);
                json.WriteNumber("intact", rows.Count(row => row.Status.State == CheckpointState.Intact));
                json.WriteNumber("damaged", rows.Count(row => row.Status.State == CheckpointState.Damaged));
                json.WriteStartArray("checkpoints");
                foreach (var row in rows)
                {
                    CheckpointJson.Write(json, row);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            WriteReport(context, run, rows, ok);
        }

        return ok ? ExitCodes.Ok : ExitCodes.Damaged;
    }

    /// <summary>Every checkpoint, or the one asked for. A damaged checkpoint whose manifest cannot be read is still
    /// found by its directory name, so asking for it reports the damage rather than "not found".</summary>
    private static IReadOnlyList<CheckpointStatus> Select(RunDirectory run, IReadOnlyList<CheckpointStatus> all, long? step)
    {
        if (step is not { } wanted)
        {
            return all;
        }

        var match = all.FirstOrDefault(status => status.Step == wanted)
            ?? all.FirstOrDefault(status => status.DirectoryName == Storage.RunLayout.CheckpointName(wanted));
        return match is null ? throw run.NoCheckpointAt(wanted, all) : [match];
    }

    private static void WriteReport(CliContext context, RunDirectory run, List<CheckpointRow> rows, bool ok)
    {
        if (rows.Count == 0)
        {
            context.Output.WriteLine($"The run '{run.Path}' has no checkpoints to verify.");
            return;
        }

        CheckpointTable.Write(context, rows);
        int damaged = rows.Count(row => row.Status.State == CheckpointState.Damaged);
        context.Output.WriteLine(ok
            ? $"All {Formats.Count(rows.Count, "checkpoint")} intact."
            : $"{damaged} of {Formats.Count(rows.Count, "checkpoint")} damaged.");
    }
}

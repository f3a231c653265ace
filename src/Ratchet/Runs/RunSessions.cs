using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.Storage;

namespace Ratchet.Runs;

/// <summary>One open of a run for writing, as <c>sessions.jsonl</c> records it.</summary>
/// <param name="Time">When it opened.</param>
/// <param name="ResumedStep">The checkpoint step it resumed from; null for a fresh start.</param>
/// <param name="SetAside">History records the resume moved to history.rolled-back.jsonl.</param>
/// <param name="Summary">The resume decision in the library's words.</param>
public sealed record RunSession(DateTimeOffset Time, long? ResumedStep, int SetAside, string Summary);

/// <summary>
/// <c>sessions.jsonl</c>: one line per open of the run for writing: when, what it resumed from (or that it started
/// fresh), and how many history records the resume set aside. It is what reports mark resumes with; informational, so it
/// is appended without fsync, and a failure to write it is logged, never fatal.
/// </summary>
internal static class RunSessions
{
    public const string FileName = "sessions.jsonl";
    public const int Version = 1;

    public static Task<IReadOnlyList<RunSession>> ReadAsync(IRunStore store, CancellationToken cancellationToken) =>
        JsonLines.ReadAsync(store, FileName, root => new RunSession(
            root.GetProperty("time").GetDateTimeOffset(),
            root.GetProperty("resumed_step").ValueKind == JsonValueKind.Number ? root.GetProperty("resumed_step").GetInt64() : null,
            root.GetProperty("set_aside").GetInt32(),
            root.GetProperty("summary").GetString() ?? ""), cancellationToken);

    public static async Task AppendAsync(IRunStore store, DateTimeOffset time, ResumeDecision decision, int setAside, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var line = JsonLines.Line(new Dictionary<string, object?>
            {
                ["version"] = Version,
                ["time"] = time,
                ["resumed_step"] = decision.Step,
                ["set_aside"] = setAside,
                ["summary"] = decision.Summary,
            });
            await store.AppendFileAsync(FileName, null, [line], durable: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            RunLog.InformationalNotWritten(logger, FileName, error.Message);
        }
    }
}

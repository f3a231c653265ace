using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;

namespace Ratchet.Runs;

/// <summary>
/// <c>sessions.jsonl</c>: one line per open of the run for writing: when, what it resumed from (or that it started
/// fresh), and how many history records the resume set aside. It is what reports mark resumes with; informational, so it
/// is appended and flushed, not fsynced, and a failure to write it is logged, never fatal.
/// </summary>
public static class RunSessions
{
    /// <summary>The file's name in the run directory.</summary>
    public const string FileName = "sessions.jsonl";

    /// <summary>The format version written in each line.</summary>
    public const int Version = 1;

    /// <summary>One open of the run.</summary>
    /// <param name="Time">When it opened.</param>
    /// <param name="ResumedStep">The checkpoint step it resumed from; null for a fresh start.</param>
    /// <param name="SetAside">History records the resume moved to history.rolled-back.jsonl.</param>
    /// <param name="Summary">The resume decision in the library's words.</param>
    public sealed record Session(DateTimeOffset Time, long? ResumedStep, int SetAside, string Summary);

    /// <summary>Every recorded session, oldest first; unreadable lines are skipped.</summary>
    public static IReadOnlyList<Session> Read(string runDirectory) =>
        JsonLines.Read(Path.Combine(runDirectory, FileName), root => new Session(
            root.GetProperty("time").GetDateTimeOffset(),
            root.GetProperty("resumed_step").ValueKind == JsonValueKind.Number ? root.GetProperty("resumed_step").GetInt64() : null,
            root.GetProperty("set_aside").GetInt32(),
            root.GetProperty("summary").GetString() ?? ""));

    internal static void Append(string runDirectory, DateTimeOffset time, ResumeDecision decision, int setAside, ILogger logger)
    {
        try
        {
            string line = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["version"] = Version,
                ["time"] = time,
                ["resumed_step"] = decision.Step,
                ["set_aside"] = setAside,
                ["summary"] = decision.Summary,
            });
            File.AppendAllText(Path.Combine(runDirectory, FileName), line + "\n");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
#pragma warning disable CA1848 // a one-off warning
            logger.LogWarning("Could not record this session in {File}: {Reason}", FileName, error.Message);
#pragma warning restore CA1848
        }
    }
}

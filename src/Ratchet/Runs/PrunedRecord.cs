using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.Retention;

namespace Ratchet.Runs;

/// <summary>
/// <c>pruned.jsonl</c>: one line per checkpoint a prune removed, with when and why, so a report can show the whole
/// timeline, not only what is left; and <c>retention.json</c>: why each remaining checkpoint was kept by the last prune
/// (such as "best val_loss" or "keep-last 3"). Informational: written without fsync; a failure to write is logged.
/// </summary>
public static class PrunedRecord
{
    /// <summary>The file's name in the run directory.</summary>
    public const string FileName = "pruned.jsonl";

    /// <summary>One removed checkpoint.</summary>
    public sealed record Entry(DateTimeOffset Time, long Step, long Epoch, string Reason);

    /// <summary>The name of the last prune's reasons for what it kept.</summary>
    public const string KeptFileName = "retention.json";

    /// <summary>Why the last prune kept each checkpoint (step to reasons); empty when there was none or it is unreadable.</summary>
    public static IReadOnlyDictionary<long, IReadOnlyList<string>> ReadKept(string runDirectory)
    {
        try
        {
            string path = Path.Combine(runDirectory, KeptFileName);
            if (!File.Exists(path))
            {
                return new Dictionary<long, IReadOnlyList<string>>();
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.GetProperty("kept").EnumerateArray().ToDictionary(
                item => item.GetProperty("step").GetInt64(),
                item => (IReadOnlyList<string>)[.. item.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString() ?? "")]);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or IOException or ArgumentException)
        {
            return new Dictionary<long, IReadOnlyList<string>>();
        }
    }

    /// <summary>Every recorded removal, oldest first; unreadable lines are skipped.</summary>
    public static IReadOnlyList<Entry> Read(string runDirectory) =>
        JsonLines.Read(Path.Combine(runDirectory, FileName), root => new Entry(
            root.GetProperty("time").GetDateTimeOffset(), root.GetProperty("step").GetInt64(),
            root.GetProperty("epoch").GetInt64(), root.GetProperty("reason").GetString() ?? ""));

    internal static void Append(string runDirectory, DateTimeOffset time, IEnumerable<CheckpointStatus> removed, RetentionPlan plan, ILogger logger)
    {
        try
        {
            var lines = removed.Where(status => status.Step is not null).Select(status => JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["version"] = 1,
                ["time"] = time,
                ["step"] = status.Step,
                ["epoch"] = status.Manifest?.Epoch ?? 0,
                ["reason"] = string.Join("; ", plan.Decisions.FirstOrDefault(decision => decision.Step == status.Step)?.Reasons ?? ["damaged, removed on request"]),
            }));
            var lineList = lines.ToList();
            if (lineList.Count > 0)
            {
                File.AppendAllLines(Path.Combine(runDirectory, FileName), lineList);
            }

            string kept = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["version"] = 1,
                ["time"] = time,
                ["kept"] = plan.Kept.Select(decision => new Dictionary<string, object?> { ["step"] = decision.Step, ["reasons"] = decision.Reasons }).ToList(),
            });
            string temporary = Path.Combine(runDirectory, $"{KeptFileName}.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(temporary, kept);
            File.Move(temporary, Path.Combine(runDirectory, KeptFileName), overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
#pragma warning disable CA1848 // a one-off warning
            logger.LogWarning("Could not record pruned checkpoints in {File}: {Reason}", FileName, error.Message);
#pragma warning restore CA1848
        }
    }
}

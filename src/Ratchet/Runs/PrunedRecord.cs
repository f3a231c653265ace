using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Storage;

namespace Ratchet.Runs;

/// <summary>A checkpoint a prune removed, as <c>pruned.jsonl</c> records it.</summary>
/// <param name="Time">When it was removed.</param>
/// <param name="Step">Its step.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Reason">Why retention dropped it.</param>
public sealed record PrunedCheckpoint(DateTimeOffset Time, long Step, long Epoch, string Reason);

/// <summary>
/// <c>pruned.jsonl</c>: one line per checkpoint a prune removed, with when and why, so a report can show the whole
/// timeline, not only what is left; and <c>retention.json</c>: why each remaining checkpoint was kept by the last prune
/// (such as "best val_loss" or "keep-last 3"). Informational: written without fsync; a failure to write is logged.
/// </summary>
internal static class PrunedRecord
{
    public const string FileName = "pruned.jsonl";
    public const string KeptFileName = "retention.json";

    public static async Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> ReadKeptAsync(IRunStore store, CancellationToken cancellationToken)
    {
        try
        {
            byte[]? bytes = await store.ReadFileAsync(KeptFileName, 256 << 20, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return new Dictionary<long, IReadOnlyList<string>>();
            }

            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.GetProperty("kept").EnumerateArray().ToDictionary(
                item => item.GetProperty("step").GetInt64(),
                item => (IReadOnlyList<string>)[.. item.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString() ?? "")]);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or IOException or ArgumentException or RatchetFormatException)
        {
            return new Dictionary<long, IReadOnlyList<string>>();
        }
    }

    public static Task<IReadOnlyList<PrunedCheckpoint>> ReadAsync(IRunStore store, CancellationToken cancellationToken) =>
        JsonLines.ReadAsync(store, FileName, root => new PrunedCheckpoint(
            root.GetProperty("time").GetDateTimeOffset(), root.GetProperty("step").GetInt64(),
            root.GetProperty("epoch").GetInt64(), root.GetProperty("reason").GetString() ?? ""), cancellationToken);

    /// <summary>Records what a prune removed and why it kept the rest (nothing for a dry run).</summary>
    public static Task AppendAsync(IRunStore store, DateTimeOffset time, PruneResult result, ILogger logger, CancellationToken cancellationToken)
    {
        var removed = result.Planned.Values.Concat(result.Unplannable).Where(status => result.Removed.Contains(status.DirectoryName));
        return AppendAsync(store, time, removed, result.Plan, logger, cancellationToken);
    }

    private static async Task AppendAsync(
        IRunStore store, DateTimeOffset time, IEnumerable<CheckpointStatus> removed, RetentionPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var lines = removed.Where(status => status.Step is not null).Select(status => JsonLines.Line(new Dictionary<string, object?>
            {
                ["version"] = 1,
                ["time"] = time,
                ["step"] = status.Step,
                ["epoch"] = status.Manifest?.Epoch ?? 0,
                ["reason"] = string.Join("; ", plan.Decisions.FirstOrDefault(decision => decision.Step == status.Step)?.Reasons ?? ["damaged, removed on request"]),
            })).ToList();
            if (lines.Count > 0)
            {
                await store.AppendFileAsync(FileName, null, lines, durable: false, cancellationToken).ConfigureAwait(false);
            }

            byte[] kept = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
            {
                ["version"] = 1,
                ["time"] = time,
                ["kept"] = plan.Kept.Select(decision => new Dictionary<string, object?> { ["step"] = decision.Step, ["reasons"] = decision.Reasons }).ToList(),
            });
            await store.ReplaceFileAsync(KeptFileName, kept, durable: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            RunLog.InformationalNotWritten(logger, FileName, error.Message);
        }
    }
}

using Ratchet.Checkpoints;
using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>Runs full verification, with a progress bar per checkpoint when someone is watching and there is
/// enough to read that waiting would otherwise look like a hang.</summary>
internal static class VerifyProgress
{
    /// <summary>Below this many bytes in total, verification is over before a bar would be worth drawing.</summary>
    public const long LargeBytes = 64L << 20;

    /// <summary>True when verifying these checkpoints reads enough bytes to deserve a progress bar.</summary>
    public static bool IsLarge(IEnumerable<CheckpointStatus> candidates) =>
        candidates.Sum(status => status.Manifest?.TotalBytes ?? 0) >= LargeBytes;

    /// <summary>Verifies each candidate in full, in order.</summary>
    public static async Task<IReadOnlyList<CheckpointStatus>> RunAsync(
        CliContext context, Runs.RunReader reader, IReadOnlyList<CheckpointStatus> candidates, bool showProgress, CancellationToken cancellationToken)
    {
        if (!showProgress)
        {
            var results = new List<CheckpointStatus>();
            foreach (var candidate in candidates)
            {
                results.Add(await reader.VerifyAsync(candidate.DirectoryName, null, cancellationToken).ConfigureAwait(false));
            }

            return results;
        }

        return await ByteProgress.Bars(context)
            .StartAsync(async progress =>
            {
                // Tasks are added up front so the user sees how much is left, not just the current checkpoint.
                var tasks = candidates.Select(status => progress.AddTask(status.DirectoryName, maxValue: Math.Max(1, status.Manifest?.TotalBytes ?? 0))).ToList();
                var results = new List<CheckpointStatus>();
                for (int i = 0; i < candidates.Count; i++)
                {
                    results.Add(await reader.VerifyAsync(candidates[i].DirectoryName, new ByteProgress.TaskProgress(tasks[i]), cancellationToken).ConfigureAwait(false));
                    tasks[i].Value = tasks[i].MaxValue;
                }

                return (IReadOnlyList<CheckpointStatus>)results;
            }).ConfigureAwait(false);
    }
}

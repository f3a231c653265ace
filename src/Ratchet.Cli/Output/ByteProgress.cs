using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>One progress bar over a number of bytes, drawn only when someone watches a terminal and the work is big enough
/// that waiting would look like a hang; with <c>--json</c> or redirected output nothing extra is written.</summary>
internal static class ByteProgress
{
    public static async Task<T> RunAsync<T>(CliContext context, bool show, string label, long totalBytes, Func<IProgress<long>?, Task<T>> work)
    {
        if (!show || !context.Interactive || totalBytes < VerifyProgress.LargeBytes)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await Bars(context).StartAsync(async progress =>
        {
            var task = progress.AddTask(label, maxValue: totalBytes);
            var result = await work(new TaskProgress(task)).ConfigureAwait(false);
            task.Value = task.MaxValue;
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>The tool's progress display: description, bar, percentage, speed and time left, cleared when done.</summary>
    public static Progress Bars(CliContext context) => context.Console.Progress()
        .AutoClear(true)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn());

    /// <summary>Advances a bar by the bytes reported, synchronously (<see cref="Progress{T}"/> would post each report to the
    /// thread pool and let the bar lag behind).</summary>
    public sealed class TaskProgress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Increment(value);
    }
}

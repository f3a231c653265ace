using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>One progress bar over a number of bytes, drawn only when someone watches a terminal and the work is big enough
/// that waiting would look like a hang; with <c>--json</c> or redirected output nothing extra is written.</summary>
internal static class ByteProgress
{
    public static void Run(CliContext context, bool show, string label, long totalBytes, Action<IProgress<long>?> work)
    {
        if (!show || !context.Interactive || totalBytes < VerifyProgress.LargeBytes)
        {
            work(null);
            return;
        }

        context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask(label, maxValue: totalBytes);
                work(new TaskProgress(task));
                task.Value = task.MaxValue;
            });
    }

    public static async Task<T> RunAsync<T>(CliContext context, bool show, string label, long totalBytes, Func<IProgress<long>?, Task<T>> work)
    {
        if (!show || !context.Interactive || totalBytes < VerifyProgress.LargeBytes)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(label, maxValue: totalBytes);
                var result = await work(new TaskProgress(task)).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }

    /// <summary>Advances the bar synchronously (<see cref="Progress{T}"/> would post each report to the thread pool).</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Increment(value);
    }
}

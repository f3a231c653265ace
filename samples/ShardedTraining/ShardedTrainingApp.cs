using Ratchet;
using Ratchet.S3;

namespace ShardedTraining;

/// <summary>
/// The sample's entry point: the launcher by default, one rank with <c>--worker</c>. Errors are one line
/// (<see cref="ErrorPrefix"/>) and an exit code from <see cref="ExitCodes"/>, never a stack trace.
/// </summary>
public static class ShardedTrainingApp
{
    public const string ErrorPrefix = "error: ";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ShardedOptions options;
        try
        {
            options = ShardedOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{e.Message}\n{ShardedOptions.Usage}");
            return ExitCodes.Usage;
        }

        if (options.Help)
        {
            await output.WriteAsync(ShardedOptions.Usage);
            return ExitCodes.Ok;
        }

        if (options.Run.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            S3Storage.Register(); // credentials, region and endpoint from the AWS_* environment, which the workers inherit
        }

        var (stop, registrations) = Worker.ListenForStop();
        try
        {
            return options.Worker
                ? await Worker.RunAsync(options, output, error, stop.Token)
                : await new Launcher(options, output, error).RunAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("stopped: checkpoints committed so far are kept; run again to resume.");
            return ExitCodes.Interrupted;
        }
        catch (RatchetException e)
        {
            // The same codes as the ratchet tool, so one script can branch on either.
            await error.WriteLineAsync($"{ErrorPrefix}{e.Message}");
            return ExitCodes.For(e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{ErrorPrefix}{e.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            stop.Dispose();
        }
    }
}

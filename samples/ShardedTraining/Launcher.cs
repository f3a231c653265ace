using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Ratchet;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace ShardedTraining;

/// <summary>
/// Starts one worker process per rank (this same program with <c>--worker</c>, RANK and WORLD_SIZE in its
/// environment), forwards their output prefixed with the rank and waits. When a worker fails or is killed, it stops
/// the others (SIGTERM, then SIGKILL after a grace period) and exits non-zero saying which rank died. When every worker
/// finishes, it reads the final committed checkpoint back and prints a SHA-256 over all ranks' rows in rank order.
/// </summary>
internal sealed class Launcher(ShardedOptions options, TextWriter output, TextWriter error)
{
    /// <summary>How long stopped workers get to release the run (rank 0's lock or S3 lease) before they are killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private const int SigTerm = 15;

    private readonly object _writeLock = new();
    private readonly Dictionary<int, string> _errors = [];
    private volatile bool _stopping;

    public async Task<int> RunAsync(CancellationToken interrupt)
    {
        await CheckWorldSizeAsync(interrupt);
        var workers = new List<(int Rank, Process Process)>(options.WorldSize);
        try
        {
            for (int rank = 0; rank < options.WorldSize; rank++)
            {
                var process = Start(rank);
                workers.Add((rank, process));
                Write(output, $"started rank {rank} (pid {process.Id})");
            }

            var running = workers.ToDictionary(worker => worker.Process.WaitForExitAsync(CancellationToken.None), worker => worker);
            (int Rank, int ExitCode)? failed = null;
            var interrupted = Task.Delay(Timeout.Infinite, interrupt).ContinueWith(_ => { }, TaskScheduler.Default);
            while (running.Count > 0 && failed is null)
            {
                var done = await Task.WhenAny([.. running.Keys, interrupted]);
                if (done == interrupted)
                {
                    _stopping = true;
                    Write(error, "interrupted: stopping every rank; run again to resume from the last committed checkpoint.");
                    await StopAsync(running.Values.Select(worker => worker.Process));
                    return ExitCodes.Interrupted;
                }

                var (rank, process) = running[(Task)done];
                running.Remove((Task)done);
                process.WaitForExit(); // drains the forwarded output
                if (process.ExitCode != 0)
                {
                    failed = (rank, process.ExitCode);
                }
            }

            if (failed is { } death)
            {
                _stopping = true; // what the stopped ranks say is a consequence, not news
                await StopAsync(running.Values.Select(worker => worker.Process));
                Write(error, Describe(death.Rank, death.ExitCode));
                // A worker's own Ratchet error keeps its exit code (ExitCodes); a killed worker is a failure.
                return death.ExitCode is > 0 and < ExitCodes.Interrupted ? death.ExitCode : ExitCodes.Failed;
            }

            return await SummarizeAsync(interrupt);
        }
        finally
        {
            foreach (var (_, process) in workers)
            {
                if (!HasExited(process))
                {
                    process.Kill();
                }

                process.Dispose();
            }
        }
    }

    private Process Start(int rank)
    {
        // Under `dotnet ShardedTraining.dll` the process is the dotnet host: start it again with this assembly.
        string program = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (string.Equals(Path.GetFileNameWithoutExtension(program), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string argument in options.WorkerArguments())
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[ShardedRunOptions.RankVariable] = rank.ToString(CultureInfo.InvariantCulture);
        info.Environment[ShardedRunOptions.WorldSizeVariable] = options.WorldSize.ToString(CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Write(output, $"[rank {rank}] {e.Data}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null || _stopping)
            {
                return;
            }

            if (e.Data.StartsWith(ShardedTrainingApp.ErrorPrefix, StringComparison.Ordinal))
            {
                lock (_errors)
                {
                    _errors.TryAdd(rank, e.Data[ShardedTrainingApp.ErrorPrefix.Length..]); // reported once, by the launcher
                }
            }
            else
            {
                Write(error, $"[rank {rank}] {e.Data}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Refuses, before any worker starts, a launch whose world size differs from the one the run's newest checkpoint was
    /// saved with, naming the option to use (rank 0 refuses it too, in terms of WORLD_SIZE). Also reports a store that
    /// cannot be reached (S3 credentials, a missing bucket) once, instead of once per rank.
    /// </summary>
    private async Task CheckWorldSizeAsync(CancellationToken cancellationToken)
    {
        RunReader reader;
        try
        {
            reader = await RunReader.OpenAsync(options.Run, cancellationToken);
        }
        catch (CheckpointNotFoundException)
        {
            return; // a new run
        }

        var newest = (await reader.ListAsync(VerificationLevel.Fast, null, cancellationToken)).FirstOrDefault(status => status.PassedChecks && status.Manifest is not null);
        int saved = newest?.Manifest!.Shards?.WorldSize ?? 1;
        if (newest is not null && saved != options.WorldSize)
        {
            throw new ShardedRunException(
                $"The run '{options.Run}' was saved by {saved} rank(s) (checkpoint step {newest.Step}), not {options.WorldSize}: run again with --world-size {saved} "
                + "(resharding to another world size is not supported). Nothing was changed.");
        }
    }

    /// <summary>The one line that says which rank ended the launch and how.</summary>
    private string Describe(int rank, int exitCode)
    {
        string? message;
        lock (_errors)
        {
            message = _errors.GetValueOrDefault(rank);
        }

        if (message is not null)
        {
            return $"error: rank {rank} failed (exit code {exitCode}): {message} The other ranks were stopped.";
        }

        string how = exitCode is > 128 and < 160 ? $"was killed by signal {exitCode - 128} (exit code {exitCode})" : $"exited with code {exitCode}";
        return $"error: rank {rank} {how}; the other ranks were stopped. Run again with the same options to resume from the last committed checkpoint.";
    }

    /// <summary>SIGTERM to every worker still running, then SIGKILL to those that have not exited after the grace period.</summary>
    private static async Task StopAsync(IEnumerable<Process> processes)
    {
        var list = processes.Where(process => !HasExited(process)).ToList();
        foreach (var process in list)
        {
            _ = Kill(process.Id, SigTerm);
        }

        using var grace = new CancellationTokenSource(StopGrace);
        foreach (var process in list)
        {
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Reads every rank's rows of the newest committed checkpoint (verified as they are read) and prints their SHA-256.</summary>
    private async Task<int> SummarizeAsync(CancellationToken cancellationToken)
    {
        var reader = await RunReader.OpenAsync(options.Run, cancellationToken);
        var newest = (await reader.ListAsync(VerificationLevel.Fast, null, cancellationToken)).FirstOrDefault(status => status.PassedChecks && status.Step is not null);
        if (newest is null)
        {
            Write(error, $"error: every rank finished, but the run '{options.Run}' has no intact committed checkpoint.");
            return ExitCodes.NotFound;
        }

        var checkpoint = await reader.OpenCheckpointAsync(newest.Step!.Value, cancellationToken);
        int worldSize = checkpoint.Manifest.Shards?.WorldSize ?? 1;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int rank = 0; rank < worldSize; rank++)
        {
            sha.AppendData(await checkpoint.ForRank(rank).ReadBytesAsync(Worker.RowsPart, cancellationToken));
        }

        string hex = Convert.ToHexStringLower(sha.GetHashAndReset());
        Write(output, $"done: epoch {checkpoint.Epoch}, step {checkpoint.Step}, {worldSize} ranks; sha256 of the final rows: {hex}");
        return ExitCodes.Ok;
    }

    private void Write(TextWriter writer, string line)
    {
        lock (_writeLock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true; // never started
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

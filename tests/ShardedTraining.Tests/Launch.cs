using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ShardedTraining.Tests;

/// <summary>The ShardedTraining launcher as a real child process, with the pids of the workers it started (so a test
/// can kill one, and so that no worker outlives a failed test).</summary>
internal sealed partial class Launch : IDisposable
{
    public const int WorldSize = 4;

    private readonly ChildProcess _child;

    private Launch(ChildProcess child, string description)
    {
        _child = child;
        Description = description;
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ShardedTraining.dll");

    /// <summary>The command line, for assertion messages.</summary>
    public string Description { get; }

    public IReadOnlyList<string> Output => _child.Output;

    public IReadOnlyList<string> Errors => _child.Errors;

    public bool HasExited => _child.HasExited;

    /// <summary>Everything printed, for assertion messages.</summary>
    public string Transcript => $"{Description}\n--- stdout ---\n{string.Join('\n', Output)}\n--- stderr ---\n{string.Join('\n', Errors)}";

    public static Launch Start(string run, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        string[] all = ["--run", run, .. arguments];
        var variables = new Dictionary<string, string?> { ["RANK"] = null, ["WORLD_SIZE"] = null };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return new Launch(ChildProcess.StartDllWithEnvironment(Dll, variables, all), "ShardedTraining " + string.Join(' ', all));
    }

    /// <summary>Runs to completion.</summary>
    public static async Task<(int ExitCode, Launch Launch)> RunAsync(string run, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var launch = Start(run, environment, arguments);
        return (await launch.WaitForExitAsync(), launch);
    }

    /// <summary>Waits until every worker has started and said where it starts from; returns their pids by rank.</summary>
    public async Task<IReadOnlyList<int>> WaitForWorkersAsync(int worldSize = WorldSize)
    {
        var pids = new int[worldSize];
        for (int rank = 0; rank < worldSize; rank++)
        {
            string line = await _child.WaitForLineAsync($"started rank {rank} (pid ", TimeSpan.FromMinutes(2));
            pids[rank] = int.Parse(PidPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
        }

        for (int rank = 0; rank < worldSize; rank++)
        {
            await _child.WaitForLineAsync($"[rank {rank}] ", TimeSpan.FromMinutes(2)); // "fresh start" or "resumed at epoch"
        }

        return pids;
    }

    public Task<int> WaitForExitAsync() => _child.WaitForExitAsync(TimeSpan.FromMinutes(3));

    /// <summary>The epoch every rank resumed at (from rank 0's line), or 0 for a fresh start.</summary>
    public long ResumedEpoch()
    {
        string line = Output.First(line => line.StartsWith("[rank 0] ", StringComparison.Ordinal));
        var match = ResumedPattern().Match(line);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The SHA-256 of the final rows from the launcher's summary line.</summary>
    public string Checksum()
    {
        string line = Output.LastOrDefault(line => line.StartsWith("done: ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No summary line.\n{Transcript}");
        return ChecksumPattern().Match(line).Groups[1].Value;
    }

    public void Dispose()
    {
        // A launcher killed by a failing test cannot stop its workers: do it here, so none outlives the test.
        foreach (string line in Output.Where(line => line.StartsWith("started rank ", StringComparison.Ordinal)))
        {
            KillIfAlive(int.Parse(PidPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture));
        }

        _child.Dispose();
    }

    /// <summary>SIGKILL to a pid if it is still alive; false if it had already exited.</summary>
    public static bool KillIfAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }

            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex PidPattern();

    [GeneratedRegex(@"resumed at epoch (\d+)")]
    private static partial Regex ResumedPattern();

    [GeneratedRegex(@"sha256 of the final rows: ([0-9a-f]{64})")]
    private static partial Regex ChecksumPattern();
}

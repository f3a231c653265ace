namespace ShardedTraining.Tests;

/// <summary>The checksum of an uninterrupted local run, computed once per test process for each seed and epoch count.</summary>
internal static class ReferenceRun
{
    public const int Epochs = 10;

    private static readonly Dictionary<(int Seed, int Epochs), Task<string>> Runs = [];

    public static Task<string> ChecksumAsync(int seed, int epochs = Epochs)
    {
        lock (Runs)
        {
            if (!Runs.TryGetValue((seed, epochs), out var run))
            {
                run = Task.Run(() => RunAsync(seed, epochs));
                Runs[(seed, epochs)] = run;
            }

            return run;
        }
    }

    private static async Task<string> RunAsync(int seed, int epochs)
    {
        using var temp = new TempDirectory();
        var (exitCode, launch) = await Launch.RunAsync(temp.Combine("reference"), null, "--epochs", $"{epochs}", "--seed", $"{seed}");
        using (launch)
        {
            exitCode.ShouldBe(0, launch.Transcript);
            return launch.Checksum();
        }
    }
}

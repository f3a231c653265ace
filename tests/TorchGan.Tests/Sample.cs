namespace TorchGan.Tests;

/// <summary>Runs the TorchGan program as a real child process with a small model, so a test takes seconds per epoch.</summary>
internal static class Sample
{
    /// <summary>16 clips in batches of 8.</summary>
    public const int StepsPerEpoch = 2;

    public static readonly string[] SmallModel = ["--width", "8", "--clips", "16"];

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "TorchGan.dll");

    public static ChildProcess Start(string run, params string[] arguments) =>
        ChildProcess.StartDll(Dll, [.. SmallModel, "--run", run, .. arguments]);

    public static async Task<(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)> RunAsync(string run, params string[] arguments)
    {
        using var child = Start(run, arguments);
        int exitCode = await child.WaitForExitAsync(TimeSpan.FromMinutes(5));
        return (exitCode, child.Output, child.Errors);
    }

    public static string CheckpointDirectory(string run, long step) =>
        Path.Combine(run, "checkpoints", $"step-{step:D10}");
}

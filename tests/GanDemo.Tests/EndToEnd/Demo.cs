namespace GanDemo.Tests.EndToEnd;

/// <summary>Runs the GanDemo program as a real child process with a small, fast model.</summary>
internal static class Demo
{
    public const int StepsPerEpoch = 20;

    public static readonly string[] SmallModel = ["--hidden", "16", "--steps-per-epoch", StepsPerEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "GanDemo.dll");

    public static ChildProcess Start(string run, params string[] arguments) =>
        ChildProcess.StartDll(Dll, [.. SmallModel, "--run", run, .. arguments]);

    /// <summary>Runs to completion and returns the exit code with everything printed.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)> RunAsync(string run, params string[] arguments)
    {
        using var child = Start(run, arguments);
        int exitCode = await child.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return (exitCode, child.Output, child.Errors);
    }

    public static string CheckpointDirectory(string run, long step) =>
        Path.Combine(run, "checkpoints", $"step-{step:D10}");

    public static long NewestStep(string run) =>
        Directory.GetDirectories(Path.Combine(run, "checkpoints"), "step-*").Select(path => long.Parse(Path.GetFileName(path)[5..], System.Globalization.CultureInfo.InvariantCulture)).Max();

    public static void FlipByte(string file, long offsetFromEnd)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = stream.Length - offsetFromEnd;
        int value = stream.ReadByte();
        stream.Position -= 1;
        stream.WriteByte((byte)(value ^ 0x40));
    }
}

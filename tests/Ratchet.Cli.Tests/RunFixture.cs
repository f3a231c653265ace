using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.Cli.Tests;

/// <summary>
/// Real run directories written by the library, in the states the CLI must describe: intact, damaged (the newest
/// checkpoint altered, the oldest missing a part), all damaged, empty, missing, and locked by an open writer.
/// </summary>
public sealed class RunFixture : IDisposable
{
    public static readonly object Config = new { model = "gan", lr = 0.001, hidden = 8, epochs = 10 };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The manifests saved per run, to compare the CLI's output with.</summary>
    public Dictionary<string, List<CheckpointManifest>> Manifests { get; } = [];

    public string PathOf(string name) => _temp.Combine(name);

    public string Missing => _temp.Combine("no-such-run");

    public static TrainingRunOptions Options => new() { HandleStopSignals = false, IgnoredConfigKeys = ["epochs"] };

    public static byte[] Payload(long step, int length = 4096) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)((i * 31) + step))];

    /// <summary>Steps 100, 200, 300 (epochs 1 to 3), each with a history record logged before its save.</summary>
    public async Task<string> IntactAsync(string name = "intact", int checkpoints = 3, object? config = null)
    {
        string run = PathOf(name);
        var manifests = Manifests[name] = [];
        await using var training = await TrainingRun.OpenAsync(run, config ?? Config, Options);
        for (int i = 1; i <= checkpoints; i++)
        {
            long step = i * 100;
            await training.LogAsync(step, i, new Dictionary<string, double> { ["loss"] = 1.0 / i, ["acc"] = 0.5 + (i / 10.0) });
            manifests.Add(await training.SaveAsync(new CheckpointContent(step, i)
                .AddBytes("G", Payload(step))
                .AddBytes("D", Payload(step + 1, 1000))
                .AddJson("data", new { step, seed = 7 })
                .SetMetric("loss", 1.0 / i)));
        }

        return run;
    }

    /// <summary>Intact, then one byte of step 300's G flipped (found only by full verification) and step 100's D
    /// deleted (found by the fast checks). A resume picks step 200.</summary>
    public async Task<string> DamagedAsync(string name = "damaged")
    {
        string run = await IntactAsync(name);
        FlipByte(run, 300, "G.bin", 10);
        File.Delete(CheckpointFile(run, 100, "D.bin"));
        return run;
    }

    /// <summary>One checkpoint, altered: a resume is refused.</summary>
    public async Task<string> AllDamagedAsync(string name = "all-damaged")
    {
        string run = await IntactAsync(name, checkpoints: 1);
        FlipByte(run, 100, "G.bin", 0);
        return run;
    }

    /// <summary>A run that was opened once and never saved: run.json only.</summary>
    public async Task<string> EmptyAsync(string name = "empty")
    {
        string run = PathOf(name);
        await (await TrainingRun.OpenAsync(run, Config, Options)).DisposeAsync();
        return run;
    }

    /// <summary>Opens the run for writing and keeps it open (and locked) until the result is disposed.</summary>
    public static Task<TrainingRun> HoldOpenAsync(string run) => TrainingRun.OpenAsync(run, Config, Options);

    public static string CheckpointFile(string run, long step, string file = "") =>
        Path.Combine(run, "checkpoints", Ratchet.Storage.RunLayout.CheckpointName(step), file);

    public static void FlipByte(string run, long step, string file, long offset)
    {
        using var stream = new FileStream(CheckpointFile(run, step, file), FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x01));
    }

    /// <summary>The bytes a checkpoint directory occupies, summed the way a user would with <c>du -b</c>.</summary>
    public static long DirectoryBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles().Sum(file => file.Length);
}

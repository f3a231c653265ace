using System.Text.Json;

namespace TorchGan.Tests;

/// <summary>The proof of resume for a real TorchSharp model: SIGKILL at random instants, resumed each time, and the run
/// ends with generator and discriminator parts byte-identical to an uninterrupted run of the same seed.</summary>
public sealed class KillResumeTests : IDisposable
{
    private const int Epochs = 30;
    private static readonly string[] Parts = ["G.safetensors", "D.safetensors", "optim.G.bin", "optim.D.bin", "torch.random.safetensors"];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Polls a condition that a child process makes true; no fixed sleep stands in for it.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition never came true");
            await Task.Delay(1);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Training_KilledAtRandomInstantsAndResumed_EndsBitIdenticalToAnUninterruptedRun(bool asyncSave)
    {
        string reference = _temp.Combine("reference");
        var uninterrupted = await Sample.RunAsync(reference, "--epochs", $"{Epochs}", "--extra-state-mb", "16");
        uninterrupted.ExitCode.ShouldBe(0, string.Join("\n", uninterrupted.Errors));

        string killed = _temp.Combine("killed");
        var random = new Random(20261204);
        int kills = 0;
        int killsDuringSave = 0;
        string checkpoints = Path.Combine(killed, "checkpoints");
        while (kills < 6)
        {
            using var child = Sample.Start(killed, [.. Arguments(asyncSave)]);
            await child.WaitForLineAsync("", TimeSpan.FromMinutes(3)); // the resume decision
            if (kills == 0)
            {
                // The first kill lands in a save for certain: the moment a save's staging directory appears.
                await UntilAsync(() => child.HasExited || (Directory.Exists(checkpoints) && Directory.GetDirectories(checkpoints, ".pending-*").Length > 0));
            }
            else
            {
                await Task.Delay(random.Next(300, 2500));
            }

            if (child.HasExited)
            {
                break;
            }

            child.KillHard();
            kills++;
            killsDuringSave += Directory.Exists(checkpoints) ? Directory.GetDirectories(checkpoints, ".pending-*").Length : 0;
        }

        var finish = await Sample.RunAsync(killed, [.. Arguments(asyncSave)]);
        finish.ExitCode.ShouldBe(0, string.Join("\n", finish.Errors));

        kills.ShouldBeGreaterThanOrEqualTo(5, "the run finished before five kills; make it longer");
        killsDuringSave.ShouldBeGreaterThan(0, "no kill landed during a save");
        long step = (long)Epochs * Sample.StepsPerEpoch;
        foreach (string part in Parts)
        {
            File.ReadAllBytes(Path.Combine(Sample.CheckpointDirectory(killed, step), part))
                .ShouldBe(File.ReadAllBytes(Path.Combine(Sample.CheckpointDirectory(reference, step), part)), $"{part} differs after {kills} kills");
        }

        var epochs = File.ReadAllLines(Path.Combine(killed, "history.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("epoch").GetInt64()).ToList();
        epochs.ShouldBe(Enumerable.Range(1, Epochs).Select(epoch => (long)epoch).ToList());
    }

    /// <summary>The killed run's options; with <paramref name="asyncSave"/>, kills land in background commits too.</summary>
    private static IEnumerable<string> Arguments(bool asyncSave) =>
        asyncSave ? ["--epochs", $"{Epochs}", "--extra-state-mb", "16", "--async-save"] : ["--epochs", $"{Epochs}", "--extra-state-mb", "16"];
}

using System.Text.Json;

namespace GanDemo.Tests.EndToEnd;

/// <summary>The proof of the mission: SIGKILL at random instants, resumed each time, changes nothing.</summary>
public sealed class KillResumeTests : IDisposable
{
    private const int Epochs = 14;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Training_KilledAtRandomInstantsAndResumed_EndsWithTheSameWeightsAsAnUninterruptedRun(bool asyncSave)
    {
        // Given an uninterrupted reference run
        string reference = _temp.Combine("reference");
        (await Demo.RunAsync(reference, "--epochs", $"{Epochs}", "--extra-state-mb", "24")).ExitCode.ShouldBe(0);

        // When another run is killed with SIGKILL at random instants (most land in a save: 24 MiB of extra state)
        string killed = _temp.Combine("killed");
        var random = new Random(20261121);
        int kills = 0;
        int killsDuringSave = 0;
        // Six kills, and more (up to twelve) until one lands mid-save: on a busy machine the instants drift.
        while (kills < 6 || (killsDuringSave == 0 && kills < 12))
        {
            using var child = Demo.Start(killed, [.. Arguments(asyncSave)]);
            await child.WaitForLineAsync(""); // the resume decision: fresh until a first checkpoint survives a kill
            string checkpoints = Path.Combine(killed, "checkpoints");
            if (kills == 0)
            {
                // The first kill aims at a save: the moment a save's staging directory appears.
                while (!child.HasExited && !(Directory.Exists(checkpoints) && Directory.GetDirectories(checkpoints, ".pending-*").Length > 0))
                {
                    await Task.Delay(2);
                }
            }
            else
            {
                await Task.Delay(random.Next(50, 700));
            }

            if (child.HasExited)
            {
                break;
            }

            child.KillHard();
            kills++;
            killsDuringSave += Directory.Exists(checkpoints) ? Directory.GetDirectories(checkpoints, ".pending-*").Length : 0;
        }

        // ... and then allowed to finish
        var finish = await Demo.RunAsync(killed, [.. Arguments(asyncSave)]);
        finish.ExitCode.ShouldBe(0, string.Join("\n", finish.Errors));

        // Then the weights are bit-identical and the history has exactly one record per epoch
        kills.ShouldBeGreaterThanOrEqualTo(5, "the run finished before five kills; make it longer");
        killsDuringSave.ShouldBeGreaterThan(0, "no kill landed during a save");
        long step = (long)Epochs * Demo.StepsPerEpoch;
        foreach (string part in new[] { "G.safetensors", "D.safetensors", "optim.G.safetensors", "optim.D.safetensors", "rng.bin" })
        {
            File.ReadAllBytes(Path.Combine(Demo.CheckpointDirectory(killed, step), part))
                .ShouldBe(File.ReadAllBytes(Path.Combine(Demo.CheckpointDirectory(reference, step), part)), $"{part} differs after {kills} kills");
        }

        var epochs = File.ReadAllLines(Path.Combine(killed, "history.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("epoch").GetInt64()).ToList();
        epochs.ShouldBe(Enumerable.Range(1, Epochs).Select(epoch => (long)epoch).ToList());
    }

    /// <summary>The killed run's options; with <paramref name="asyncSave"/>, kills land in background commits too.</summary>
    private static IEnumerable<string> Arguments(bool asyncSave) =>
        asyncSave ? ["--epochs", $"{Epochs}", "--extra-state-mb", "24", "--async-save"] : ["--epochs", $"{Epochs}", "--extra-state-mb", "24"];
}

using GanDemo.Model;
using Ratchet.Checkpoints;
using Ratchet.Tensors;

namespace GanDemo;

/// <summary>
/// Maps the trainer's complete state to checkpoint parts and back: G and D and their optimizers as tensors,
/// the random generator's state as raw bytes, counters as JSON, and optional extra bytes to give saves a
/// realistic size. Restoring everything makes a resumed run continue the exact same sequence.
/// </summary>
public static class TrainerCheckpoint
{
    private static readonly (string Part, string Prefix)[] TensorParts =
    [
        ("G", "generator."), ("D", "discriminator."), ("optim.G", "generator_adam."), ("optim.D", "discriminator_adam."),
    ];

    public static CheckpointContent Capture(GanTrainer trainer, long step, int extraStateMb)
    {
        var state = trainer.ExportState();
        var content = new CheckpointContent(step, state.EpochsCompleted);
        foreach (var (part, prefix) in TensorParts)
        {
            var tensors = new TensorSet();
            foreach (var array in state.Arrays.Where(array => array.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                tensors.Add(array.Name, [.. array.Shape.Select(dimension => (long)dimension)], array.Values);
            }

            content.AddTensors(part, tensors);
        }

        content.AddBytes("rng", state.RandomState)
            .AddJson("progress", new Progress(state.EpochsCompleted, state.GeneratorOptimizerSteps, state.DiscriminatorOptimizerSteps));
        if (extraStateMb > 0)
        {
            // Produced from the step alone, so nothing the next epoch does can change it: a background save may read it later.
            content.Add(CheckpointPart.FromStream("extra", new ExtraStateStream(step, (long)extraStateMb << 20)).HandOver());
        }

        return content;
    }

    public static async Task RestoreAsync(GanTrainer trainer, Checkpoint checkpoint)
    {
        var arrays = new List<NamedArray>();
        foreach (var (part, _) in TensorParts)
        {
            var tensors = await checkpoint.ReadTensorsAsync(part);
            arrays.AddRange(tensors.Select(tensor => new NamedArray(
                tensor.Name, [.. tensor.Shape.Select(dimension => (int)dimension)], tensor.AsSpan<float>().ToArray())));
        }

        byte[] random = await checkpoint.ReadBytesAsync("rng");
        var progress = await checkpoint.ReadJsonAsync<Progress>("progress");
        trainer.ImportState(new GanTrainerState(arrays, progress.GeneratorSteps, progress.DiscriminatorSteps, random, progress.EpochsCompleted));
    }

    /// <summary>Counters that are not tensors.</summary>
    public sealed record Progress(int EpochsCompleted, long GeneratorSteps, long DiscriminatorSteps);
}

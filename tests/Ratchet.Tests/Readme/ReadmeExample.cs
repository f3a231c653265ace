using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;
using Ratchet.Tensors;

namespace Ratchet.Tests.Readme;

/// <summary>
/// The README's library example, compiled. The region between the markers must stay identical to the README's
/// code block (without its using lines); <see cref="ReadmeExampleTests"/> checks both that and that it runs.
/// </summary>
internal sealed class ReadmeExample(string runs, ILogger logger)
{
    private const int StepsPerEpoch = 10;
    private readonly Model generator = new(1.0f);
    private readonly Model discriminator = new(2.0f);
    private readonly Rng rng = new();

    public sealed record Config(int Hidden, int Epochs);

    public long LastStep { get; private set; }

    public async Task TrainAsync(Config config)
    {
        Directory.SetCurrentDirectory(runs);
        // README:begin
        await using var run = await TrainingRun.OpenAsync("runs/my-gan", config, new TrainingRunOptions
        {
            IgnoredConfigKeys = ["epochs"],                          // may change between resumes (matches `Epochs` too)
            Retention = RetentionPolicy.AnyOf(
                RetentionPolicy.KeepLast(3),
                RetentionPolicy.KeepBest("val_loss", MetricGoal.Minimize, 1)),
            Logger = logger,                                         // one line per decision
        });
        Console.WriteLine(run.Resume.Summary);                       // what was resumed and why

        long step = run.Resume.Step ?? 0;                            // the global step of the checkpoint resumed from
        long firstEpoch = (run.Resume.Chosen?.Manifest?.Epoch ?? 0) + 1;
        if (run.ResumedCheckpoint is { } checkpoint)
        {
            generator.Load(await checkpoint.ReadTensorsAsync("G"));  // verified against the manifest as it is read
            discriminator.Load(await checkpoint.ReadTensorsAsync("D"));
            rng.Restore(await checkpoint.ReadBytesAsync("rng"));
        }

        for (long epoch = firstEpoch; epoch <= config.Epochs && !run.IsStopRequested; epoch++)
        {
            var metrics = TrainOneEpoch();
            step += StepsPerEpoch;
            await run.LogAsync(step, epoch, metrics);                // history first, then the checkpoint covering it
            await run.SaveAsync(new CheckpointContent(step, epoch)
                .AddTensors("G", generator.Tensors())
                .AddTensors("D", discriminator.Tensors())
                .AddBytes("rng", rng.State())
                .SetMetric("val_loss", metrics["val_loss"]));        // durable when this returns; then retention runs
        }

        // README:end
        LastStep = step;
    }

    private Dictionary<string, double> TrainOneEpoch()
    {
        generator.Step(rng.Next());
        discriminator.Step(rng.Next());
        return new() { ["val_loss"] = 1.0 / (1 + generator.Weights[0]) };
    }

    /// <summary>A stand-in model: a few weights updated deterministically.</summary>
    private sealed class Model(float start)
    {
        public float[] Weights { get; private set; } = [start, start, start];

        public void Step(uint noise) => Weights = [.. Weights.Select(weight => weight + (noise % 100) / 1000f)];

        public TensorSet Tensors() => new TensorSet().Add("w", [Weights.Length], Weights);

        public void Load(TensorSet tensors) => Weights = tensors.GetSpan<float>("w").ToArray();
    }

    /// <summary>A stand-in random generator with a saveable state.</summary>
    private sealed class Rng
    {
        private uint _state = 12345;

        public uint Next() => _state = (_state * 1664525) + 1013904223;

        public byte[] State() => BitConverter.GetBytes(_state);

        public void Restore(byte[] state) => _state = BitConverter.ToUInt32(state);
    }
}

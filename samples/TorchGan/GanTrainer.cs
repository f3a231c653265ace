using GanDemo;
using Ratchet.Checkpoints;
using Ratchet.TorchSharp;
using TorchGan.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchGan;

/// <summary>
/// The training job's state and one epoch of least-squares GAN training, as HiFi-GAN and RVC train: the discriminators
/// step on real versus generated audio, then the generator steps to fool them; AdamW with betas (0.8, 0.99) and an
/// exponential learning-rate decay per epoch. Determinism: one CPU thread (libtorch's reductions depend on the thread
/// count), weights from a seeded generator, batches in a seeded order whose generator is saved and restored, noise
/// from the default generator, also saved and restored. So a resumed run continues the exact same sequence.
/// The model computes in float64: with float32, libtorch 2.10's CPU convolution backward returned NaN gradients on this
/// project's test machines for about one step in thirty (reproducible with two plain Conv1d layers and a leaky ReLU), and
/// a run that depends on that cannot be reproduced. float64 showed none, and the model is small.
/// </summary>
public sealed class GanTrainer : IDisposable
{
    public const int ClipLength = 1024;
    public const int BatchSize = 8;
    public const double LearningRate = 2e-4;
    public const double LrDecay = 0.98;
    public static readonly double[] Betas = [0.8, 0.99];

    private readonly Tensor _clips;
    private readonly torch.Generator _loader;
    private readonly optim.lr_scheduler.LRScheduler _scheduleG;
    private readonly optim.lr_scheduler.LRScheduler _scheduleD;

    public GanTrainer(GanOptions options)
    {
        set_num_threads(1);
        set_default_dtype(ScalarType.Float64);
        random.manual_seed(options.Seed);
        using var weights = new torch.Generator((ulong)options.Seed + 1);
        _clips = SyntheticAudio.Clips(options.Clips, ClipLength, options.Seed).to(ScalarType.Float64);
        _loader = new torch.Generator((ulong)options.Seed + 2);
        G = new VoiceGenerator(options.Width, weights);
        D = new MultiScaleDiscriminator(options.Width, weights);
        OptimizerG = optim.AdamW(G.parameters(), LearningRate, Betas[0], Betas[1], weight_decay: 0.01);
        OptimizerD = optim.AdamW(D.parameters(), LearningRate, Betas[0], Betas[1], weight_decay: 0.01);
        _scheduleG = optim.lr_scheduler.ExponentialLR(OptimizerG, LrDecay);
        _scheduleD = optim.lr_scheduler.ExponentialLR(OptimizerD, LrDecay);
    }

    public VoiceGenerator G { get; }

    public MultiScaleDiscriminator D { get; }

    public OptimizerHelper OptimizerG { get; }

    public OptimizerHelper OptimizerD { get; }

    public int EpochsCompleted { get; private set; }

    public int StepsPerEpoch => (int)(_clips.shape[0] / BatchSize);

    public EpochMetrics TrainEpoch()
    {
        double lossD = 0, lossG = 0;
        using var order = randperm(_clips.shape[0], generator: _loader);
        for (int step = 0; step < StepsPerEpoch; step++)
        {
            using var scope = NewDisposeScope();
            var real = _clips.index_select(0, order.narrow(0, step * BatchSize, BatchSize));
            var fake = G.forward(randn(BatchSize, VoiceGenerator.LatentChannels, VoiceGenerator.LatentFrames));

            OptimizerD.zero_grad();
            var realScores = D.forward(real);
            var fakeScores = D.forward(fake.detach());
            var discriminatorLoss = realScores.Zip(fakeScores, (r, f) => (1 - r).pow(2).mean() + f.pow(2).mean()).Aggregate((a, b) => a + b);
            discriminatorLoss.backward();
            OptimizerD.step();

            OptimizerG.zero_grad();
            var generatorLoss = D.forward(fake).Select(score => (1 - score).pow(2).mean()).Aggregate((a, b) => a + b);
            generatorLoss.backward();
            OptimizerG.step();
            lossD += discriminatorLoss.item<double>();
            lossG += generatorLoss.item<double>();
        }

        _scheduleG.step();
        _scheduleD.step();
        EpochsCompleted++;
        return new EpochMetrics(EpochsCompleted, lossD / StepsPerEpoch, lossG / StepsPerEpoch, SpectralDistance());
    }

    /// <summary>How far the generated spectra are from the real ones (mean absolute difference of log magnitudes), on fixed
    /// noise from a generator of its own, so measuring does not disturb training.</summary>
    public double SpectralDistance()
    {
        using var scope = NewDisposeScope();
        using var evaluation = new torch.Generator(12345);
        using var noGrad = no_grad();
        var fake = G.forward(randn(new long[] { 32, VoiceGenerator.LatentChannels, VoiceGenerator.LatentFrames }, generator: evaluation));
        var real = _clips.narrow(0, 0, Math.Min(32, _clips.shape[0]));
        var spectrum = (Tensor audio) => log1p(fft.rfft(audio.squeeze(1)).abs()).mean([0]);
        return (spectrum(real) - spectrum(fake)).abs().mean().item<double>();
    }

    /// <summary>One real clip and one generated clip, for the picture.</summary>
    public (float[] Real, float[] Generated) Example()
    {
        using var noGrad = no_grad();
        using var evaluation = new torch.Generator(54321);
        using var fake = G.forward(randn(new long[] { 1, VoiceGenerator.LatentChannels, VoiceGenerator.LatentFrames }, generator: evaluation));
        return ([.. _clips[0].flatten().data<double>().Select(value => (float)value)], [.. fake.flatten().data<double>().Select(value => (float)value)]);
    }

    public CheckpointContent Capture(long step, int extraStateMb)
    {
        var content = new CheckpointContent(step, EpochsCompleted)
            .AddModule("G", G)
            .AddModule("D", D)
            .AddOptimizer("optim.G", OptimizerG)
            .AddOptimizer("optim.D", OptimizerD)
            .AddTorchRandom(new Dictionary<string, torch.Generator> { ["loader"] = _loader })
            .AddJson("progress", new Progress(EpochsCompleted));
        if (extraStateMb > 0)
        {
            // Produced from the step alone, so nothing the next epoch does can change it: a background save may read it later.
            content.Add(CheckpointPart.FromStream("extra", new ExtraStateStream(step, (long)extraStateMb << 20)).HandOver());
        }

        return content;
    }

    public async Task RestoreAsync(Checkpoint checkpoint)
    {
        await checkpoint.LoadModuleAsync("G", G);
        await checkpoint.LoadModuleAsync("D", D);
        await checkpoint.LoadOptimizerAsync("optim.G", OptimizerG);
        await checkpoint.LoadOptimizerAsync("optim.D", OptimizerD);
        await checkpoint.RestoreTorchRandomAsync(new Dictionary<string, torch.Generator> { ["loader"] = _loader });
        EpochsCompleted = (await checkpoint.ReadJsonAsync<Progress>("progress")).EpochsCompleted;
    }

    public void Dispose()
    {
        _clips.Dispose();
        _loader.Dispose();
        G.Dispose();
        D.Dispose();
    }

    /// <summary>Counters that are not tensors.</summary>
    public sealed record Progress(int EpochsCompleted);
}

/// <summary>One epoch's averages and quality.</summary>
public sealed record EpochMetrics(int Epoch, double DiscriminatorLoss, double GeneratorLoss, double SpectralDistance)
{
    public IReadOnlyDictionary<string, double> ToNamedValues() => new Dictionary<string, double>
    {
        ["d_loss"] = DiscriminatorLoss,
        ["g_loss"] = GeneratorLoss,
        ["spectral_distance"] = SpectralDistance,
    };
}

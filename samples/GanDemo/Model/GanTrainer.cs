namespace GanDemo.Model;

/// <summary>
/// Trains a generator MLP against a discriminator MLP on a <see cref="RingOfGaussians"/>, with Adam for
/// both, exactly reproducibly: all randomness comes from one <see cref="DeterministicRandom"/> that is
/// part of the exported state.
/// </summary>
public sealed partial class GanTrainer
{
    private DeterministicRandom _random;

    /// <summary>Builds both networks from <paramref name="options"/> (defaults when null) and its seed.</summary>
    public GanTrainer(GanOptions? options = null)
    {
        Options = options ?? new GanOptions();
        Options.Validate();
        _random = new DeterministicRandom(Options.Seed);
        Data = new RingOfGaussians(standardDeviation: Options.ModeStandardDeviation);

        var hidden = Enumerable.Repeat(Options.HiddenWidth, Options.HiddenLayers).ToArray();
        Generator = new Mlp([Options.LatentWidth, .. hidden, 2], _random);
        Discriminator = new Mlp([2, .. hidden, 1], _random);
        GeneratorOptimizer = new Adam(
            Generator.Parameters, Generator.Gradients, Options.GeneratorLearningRate, Options.Beta1, Options.Beta2);
        DiscriminatorOptimizer = new Adam(
            Discriminator.Parameters, Discriminator.Gradients, Options.DiscriminatorLearningRate, Options.Beta1, Options.Beta2);
    }

    /// <summary>The options the trainer was built from.</summary>
    public GanOptions Options { get; }

    /// <summary>The real data distribution.</summary>
    public RingOfGaussians Data { get; }

    /// <summary>Maps latent noise to points in the plane.</summary>
    public Mlp Generator { get; }

    /// <summary>Maps points to a logit: positive means "real".</summary>
    public Mlp Discriminator { get; }

    /// <summary>Updates <see cref="Generator"/>.</summary>
    public Adam GeneratorOptimizer { get; }

    /// <summary>Updates <see cref="Discriminator"/>.</summary>
    public Adam DiscriminatorOptimizer { get; }

    /// <summary>Epochs trained so far, including those before an <see cref="ImportState"/>.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>Trains <see cref="GanOptions.StepsPerEpoch"/> steps, then scores the generator.</summary>
    public EpochMetrics TrainEpoch()
    {
        double discriminatorLoss = 0;
        double generatorLoss = 0;
        for (var step = 0; step < Options.StepsPerEpoch; step++)
        {
            var losses = TrainStep();
            discriminatorLoss += losses.DiscriminatorLoss;
            generatorLoss += losses.GeneratorLoss;
        }

        EpochsCompleted++;
        return new EpochMetrics(
            EpochsCompleted,
            discriminatorLoss / Options.StepsPerEpoch,
            generatorLoss / Options.StepsPerEpoch,
            Evaluate());
    }

    /// <summary>
    /// One discriminator update on a real and a generated batch, then one generator update through the
    /// freshly updated discriminator.
    /// </summary>
    public StepLosses TrainStep()
    {
        var batch = Options.BatchSize;
        var latents = NextLatents(_random, batch);
        var real = Data.Sample(_random, batch);
        var fake = Generator.Forward(latents, batch);

        // Real and fake go through the discriminator as one batch: one forward, one backward.
        var logits = Discriminator.Forward([.. real, .. fake], 2 * batch);
        var logitGradients = new float[2 * batch];
        double discriminatorLoss = 0;
        for (var n = 0; n < 2 * batch; n++)
        {
            var isReal = n < batch;
            discriminatorLoss += Logistic.BinaryCrossEntropy(logits[n], isReal) / batch;
            logitGradients[n] = (float)((Logistic.Sigmoid(logits[n]) - (isReal ? 1.0 : 0.0)) / batch);
        }

        Discriminator.Backward(logitGradients);
        DiscriminatorOptimizer.Step();

        // Non-saturating generator loss: label the fakes "real". Only the gradient with respect to the
        // fakes flows back; the discriminator is not updated here.
        var fakeLogits = Discriminator.Forward(fake, batch);
        var fakeGradients = new float[batch];
        double generatorLoss = 0;
        for (var n = 0; n < batch; n++)
        {
            generatorLoss += Logistic.BinaryCrossEntropy(fakeLogits[n], isReal: true) / batch;
            fakeGradients[n] = (float)((Logistic.Sigmoid(fakeLogits[n]) - 1.0) / batch);
        }

        Generator.Backward(Discriminator.Backward(fakeGradients, computeParameterGradients: false));
        GeneratorOptimizer.Step();
        return new StepLosses(discriminatorLoss, generatorLoss);
    }

    private float[] NextLatents(DeterministicRandom random, int count)
    {
        var latents = new float[count * Options.LatentWidth];
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] = (float)random.NextGaussian();
        }

        return latents;
    }
}

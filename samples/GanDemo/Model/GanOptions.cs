namespace GanDemo.Model;

/// <summary>
/// Everything that determines a training run. Two trainers built from equal options produce
/// bit-identical runs, so a resumed run must use the options of the run it resumes.
/// </summary>
public sealed class GanOptions
{
    /// <summary>Seed of the single random stream behind initialisation, noise and data. <value>0</value></summary>
    public ulong Seed { get; init; }

    /// <summary>Width of the generator's input noise. <value>2</value></summary>
    public int LatentWidth { get; init; } = 2;

    /// <summary>Width of every hidden layer of both networks. <value>64</value></summary>
    public int HiddenWidth { get; init; } = 64;

    /// <summary>Number of hidden layers in each network. <value>2</value></summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Real and generated points per training step (each). <value>64</value></summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Training steps that make one epoch. <value>50</value></summary>
    public int StepsPerEpoch { get; init; } = 50;

    /// <summary>Adam step size for the generator. <value>0.001</value></summary>
    public double GeneratorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam step size for the discriminator. <value>0.001</value></summary>
    public double DiscriminatorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam's first-moment decay for both networks. <value>0.5</value></summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's second-moment decay for both networks. <value>0.999</value></summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// Spread of each Gaussian of the ring (radius 2, 8 modes). The literature's 0.02 needs far more steps
    /// before generated points land within 3σ of a mode than a demo epoch budget allows. <value>0.05</value>
    /// </summary>
    public double ModeStandardDeviation { get; init; } = 0.05;

    /// <summary>Generated points scored after each epoch. <value>1000</value></summary>
    public int EvaluationSamples { get; init; } = 1000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LatentWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HiddenWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(HiddenLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StepsPerEpoch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GeneratorLearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DiscriminatorLearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ModeStandardDeviation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EvaluationSamples);
    }
}

namespace GanDemo.Model;

/// <summary>
/// Everything a <see cref="GanTrainer"/> needs to continue exactly where it stopped. Restoring it into
/// a trainer built from the same options continues bit-identically.
/// </summary>
/// <remarks>
/// The arrays are copies, named <c>generator.layer0.weight</c>, <c>discriminator.layer0.bias</c>,
/// <c>generator_adam.layer0.weight.m</c>, <c>discriminator_adam.layer1.bias.v</c>, … so they can be
/// written as float32 tensors under those names and read back in any order.
/// </remarks>
public sealed class GanTrainerState
{
    /// <summary>Creates a state; normally obtained from <see cref="GanTrainer.ExportState"/>.</summary>
    public GanTrainerState(
        IReadOnlyList<NamedArray> arrays,
        long generatorOptimizerSteps,
        long discriminatorOptimizerSteps,
        byte[] randomState,
        int epochsCompleted)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        ArgumentNullException.ThrowIfNull(randomState);
        Arrays = arrays;
        GeneratorOptimizerSteps = generatorOptimizerSteps;
        DiscriminatorOptimizerSteps = discriminatorOptimizerSteps;
        RandomState = randomState;
        EpochsCompleted = epochsCompleted;
    }

    /// <summary>Both networks' parameters and both optimizers' moments.</summary>
    public IReadOnlyList<NamedArray> Arrays { get; }

    /// <summary>The generator optimizer's step count (Adam's bias correction depends on it).</summary>
    public long GeneratorOptimizerSteps { get; }

    /// <summary>The discriminator optimizer's step count.</summary>
    public long DiscriminatorOptimizerSteps { get; }

    /// <summary>The training random stream, as <see cref="DeterministicRandom.SaveState"/> returns it.</summary>
    public byte[] RandomState { get; }

    /// <summary>Epochs trained so far.</summary>
    public int EpochsCompleted { get; }
}

namespace GanDemo.Model;

public sealed partial class GanTrainer
{
    private const string GeneratorPrefix = "generator";
    private const string DiscriminatorPrefix = "discriminator";
    private const string GeneratorOptimizerPrefix = "generator_adam";
    private const string DiscriminatorOptimizerPrefix = "discriminator_adam";

    /// <summary>Copies out the complete training state; later training does not change the copy.</summary>
    public GanTrainerState ExportState()
    {
        NamedArray[] arrays =
        [
            .. StateNames.CopiesWithPrefix(GeneratorPrefix, Generator.Parameters),
            .. StateNames.CopiesWithPrefix(DiscriminatorPrefix, Discriminator.Parameters),
            .. StateNames.CopiesWithPrefix(GeneratorOptimizerPrefix, GeneratorOptimizer.Moments),
            .. StateNames.CopiesWithPrefix(DiscriminatorOptimizerPrefix, DiscriminatorOptimizer.Moments),
        ];
        return new GanTrainerState(
            arrays,
            GeneratorOptimizer.StepCount,
            DiscriminatorOptimizer.StepCount,
            _random.SaveState(),
            EpochsCompleted);
    }

    /// <summary>
    /// Replaces the complete training state with <paramref name="state"/>, after which training continues
    /// exactly as the run that exported it would have. Build this trainer with that run's options.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An array is missing or shaped for other options, or a count or the random state is invalid.
    /// Nothing is changed in that case.
    /// </exception>
    public void ImportState(GanTrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(state.EpochsCompleted);
        ArgumentOutOfRangeException.ThrowIfNegative(state.GeneratorOptimizerSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(state.DiscriminatorOptimizerSteps);

        // Everything that can fail is checked before anything is written, so a bad state changes nothing.
        var random = DeterministicRandom.Restore(state.RandomState);
        var generatorMoments = StateNames.WithoutPrefix(GeneratorOptimizerPrefix, state.Arrays);
        var discriminatorMoments = StateNames.WithoutPrefix(DiscriminatorOptimizerPrefix, state.Arrays);
        List<(NamedArray Target, NamedArray Source)> parameters =
        [
            .. StateNames.Match(Generator.Parameters, StateNames.WithoutPrefix(GeneratorPrefix, state.Arrays), "generator parameter"),
            .. StateNames.Match(Discriminator.Parameters, StateNames.WithoutPrefix(DiscriminatorPrefix, state.Arrays), "discriminator parameter"),
        ];
        StateNames.Match(GeneratorOptimizer.Moments, generatorMoments, "generator optimizer moment");
        StateNames.Match(DiscriminatorOptimizer.Moments, discriminatorMoments, "discriminator optimizer moment");

        foreach (var (target, source) in parameters)
        {
            source.Values.CopyTo(target.Values, 0);
        }

        GeneratorOptimizer.Restore(state.GeneratorOptimizerSteps, generatorMoments);
        DiscriminatorOptimizer.Restore(state.DiscriminatorOptimizerSteps, discriminatorMoments);
        _random = random;
        EpochsCompleted = state.EpochsCompleted;
    }
}

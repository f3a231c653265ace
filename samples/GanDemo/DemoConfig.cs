namespace GanDemo;

/// <summary>
/// The run's config as Ratchet records it in run.json. The model and data settings are its identity; the
/// epoch budget, retention and extra state size are not (they are declared ignored), so they may change
/// between resumes while a change of, say, the hidden width is refused.
/// </summary>
public sealed record DemoConfig(
    ulong Seed, int Hidden, int HiddenLayers, int Latent, int BatchSize, int StepsPerEpoch,
    double GeneratorLearningRate, double DiscriminatorLearningRate, double ModeStandardDeviation,
    int Epochs, int KeepLast, int ExtraStateMb)
{
    public static IReadOnlyCollection<string> NotIdentity { get; } = [nameof(Epochs), nameof(KeepLast), nameof(ExtraStateMb)];
}

namespace TorchGan;

/// <summary>The run's config as Ratchet records it in run.json: model and data settings are its identity; the epoch
/// budget, retention and extra state size may change between resumes.</summary>
public sealed record GanConfig(long Seed, int Width, int Clips, int ClipLength, int BatchSize, double LearningRate, double[] Betas, double LrDecay,
    int Epochs, int KeepLast, int ExtraStateMb)
{
    public static IReadOnlyCollection<string> NotIdentity { get; } = [nameof(Epochs), nameof(KeepLast), nameof(ExtraStateMb)];
}

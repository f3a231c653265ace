namespace ShardedTraining;

/// <summary>The run's identity: a resume with another seed or table shape is refused. The world size is not here: the
/// checkpoints record it, and the library refuses a resume with another.</summary>
public sealed record ShardedConfig(ulong Seed, int Rows, int Width, int StepsPerEpoch, int Epochs)
{
    /// <summary>May change between resumes.</summary>
    public static readonly string[] NotIdentity = ["epochs"];
}

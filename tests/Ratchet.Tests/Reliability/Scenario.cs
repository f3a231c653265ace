using Ratchet.Storage.Local;
using Ratchet.Storage;
using Ratchet.Testing;

namespace Ratchet.Tests.Reliability;

/// <summary>Something a training job does to its run, started from a fixed durable state, that the suite crashes
/// and faults at every operation.</summary>
/// <param name="Name">What it does.</param>
/// <param name="CrashClass">The row of the reliability table its power-loss cases count in.</param>
/// <param name="Initial">The durable state it starts from (never modified).</param>
/// <param name="NewModel">What is promised before it starts.</param>
/// <param name="RunAsync">The scenario itself, filling in the model as it goes.</param>
internal sealed record Scenario(
    string Name,
    FaultClass CrashClass,
    CrashSimulatingFileSystem Initial,
    Func<RunModel> NewModel,
    Func<IFileSystem, RunModel, Task> RunAsync)
{
    /// <summary>How many ranks save the run's checkpoints; null for a run of one process.</summary>
    public int? WorldSize { get; init; }

    public override string ToString() => Name;
}

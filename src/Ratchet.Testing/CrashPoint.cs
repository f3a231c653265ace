namespace Ratchet.Testing;

/// <summary>Where a <see cref="CrashSweep"/> crashed the scenario, and which outcome it is checking.</summary>
/// <param name="OperationsCompleted">How many of the scenario's operations ran before the crash.</param>
/// <param name="TotalOperations">How many operations the scenario runs without a crash.</param>
/// <param name="LastCompleted">The last operation that ran; null when the crash came before the first.</param>
/// <param name="Interrupted">The operation the crash prevented; null when the scenario had finished.</param>
/// <param name="State">Which outcome of the crash is being checked.</param>
/// <param name="Seed">For <see cref="CrashState.Random"/>, the seed of the <see cref="Random"/> given to
/// <see cref="CrashSimulatingFileSystem.CrashNow(Random, CrashOptions?)"/>; else 0. To reproduce the state
/// outside the sweep: build the initial state with nothing left unsynced, call
/// <c>HaltAfter(fs.OperationCount + OperationsCompleted)</c>, run the scenario, then <c>CrashNow(new Random(Seed))</c>.</param>
public sealed record CrashPoint(
    int OperationsCompleted,
    int TotalOperations,
    FileSystemOperation? LastCompleted,
    FileSystemOperation? Interrupted,
    CrashState State,
    int Seed)
{
    /// <summary>Whether the scenario ran to its end before the crash: whatever it promised on returning
    /// (a save that returned is durable) must hold.</summary>
    public bool ScenarioCompleted => OperationsCompleted == TotalOperations;

    /// <inheritdoc />
    public override string ToString()
    {
        var where = Interrupted is null
            ? $"after the scenario's last operation ({TotalOperations})"
            : $"after operation {OperationsCompleted} of {TotalOperations}, before {Interrupted}";
        var state = State == CrashState.Random ? $"random state (seed {Seed})" : $"{State} state";
        return $"crash {where}, {state}";
    }
}

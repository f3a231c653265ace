namespace Ratchet.Tests.Reliability;

/// <summary>How hard the suite tries. The default keeps the suite within CI time; RATCHET_CRASH_SWEEP=large tries
/// many more random crash states, corrupt bytes and kills.</summary>
internal sealed record SweepSize(string Name, int SubsetsPerPoint, int StatesPerFault, int FlipsPerFile, int Kills)
{
    public const string Variable = "RATCHET_CRASH_SWEEP";

    public static SweepSize Current { get; } =
        string.Equals(Environment.GetEnvironmentVariable(Variable), "large", StringComparison.OrdinalIgnoreCase)
            ? new SweepSize("large", SubsetsPerPoint: 256, StatesPerFault: 64, FlipsPerFile: 512, Kills: 40)
            : new SweepSize("default", SubsetsPerPoint: 32, StatesPerFault: 8, FlipsPerFile: 48, Kills: 10);
}

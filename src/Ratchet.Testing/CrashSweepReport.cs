namespace Ratchet.Testing;

/// <summary>What a <see cref="CrashSweep"/> covered.</summary>
/// <param name="TotalOperations">How many operations the scenario runs; crash points are 0..this.</param>
/// <param name="CrashStatesChecked">How many crashed states the check accepted.</param>
public sealed record CrashSweepReport(int TotalOperations, int CrashStatesChecked);

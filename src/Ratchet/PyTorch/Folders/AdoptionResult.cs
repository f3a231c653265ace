namespace Ratchet.PyTorch.Folders;

/// <summary>One checkpoint adopt committed.</summary>
/// <param name="Step">Its step: from the file name, or derived from the epoch (docs/pytorch.md, "Steps").</param>
/// <param name="Epoch">The epoch read from inside the files.</param>
/// <param name="Files">The source files it was made from, relative to the source folder.</param>
public sealed record AdoptedCheckpoint(long Step, long Epoch, IReadOnlyList<string> Files);

/// <summary>Something adopt left out, and why (a damaged or refused file, a G without its D, a checkpoint the run already has).</summary>
public sealed record AdoptionSkip(string What, string Why);

/// <summary>What an adopt did.</summary>
public sealed record AdoptionResult(string RunDirectory, IReadOnlyList<AdoptedCheckpoint> Added, IReadOnlyList<AdoptionSkip> Skipped, int HistoryRecords);

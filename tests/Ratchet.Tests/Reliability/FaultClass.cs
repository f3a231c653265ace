namespace Ratchet.Tests.Reliability;

/// <summary>One row of docs/reliability.md: a kind of fault the suite injects, and what it checks after it.</summary>
/// <param name="Order">The row's position in the table.</param>
/// <param name="Name">The fault, as the table names it.</param>
/// <param name="Checks">The guarantees of DESIGN.md checked after each case.</param>
/// <param name="Unit">What one case is.</param>
internal sealed record FaultClass(int Order, string Name, string Checks, string Unit)
{
    public static readonly FaultClass CrashDuringSave = new(1, "Power loss during a save", "1, 2, 3, 7", "crash state");
    public static readonly FaultClass CrashDuringSaveAndRetention = new(2, "Power loss during a save and its automatic retention", "1, 2, 3, 6, 7", "crash state");
    public static readonly FaultClass CrashDuringPrune = new(3, "Power loss during a prune (pins, keep-best)", "2, 3, 6, 7", "crash state");
    public static readonly FaultClass CrashDuringHistoryAppend = new(4, "Power loss during history appends and a save", "1, 2, 3, 7", "crash state");
    public static readonly FaultClass CrashDuringOpen = new(5, "Power loss while opening a run (sweep, torn line, rollback)", "2, 3, 7", "crash state");
    public static readonly FaultClass CrashDuringBackgroundSave = new(16, "Power loss during background saves, the next snapshot taken while one commits", "1, 2, 3, 6, 7", "crash state");
    public static readonly FaultClass CrashDuringShardedSave = new(17, "Power loss during a sharded save (two ranks' shards, one commit)", "1, 2, 3, 7", "crash state");
    public static readonly FaultClass InputOutputError = new(6, "EIO at the N-th operation, then power loss", "1, 2, 3, 6, 7, 9", "faulted run");
    public static readonly FaultClass FailedSync = new(7, "Failed fsync (file or directory) at the N-th operation, then power loss", "1, 2, 3, 6, 7, 9", "faulted run");
    public static readonly FaultClass InjectedNoSpace = new(8, "ENOSPC at the N-th operation, then power loss", "1, 2, 3, 6, 7, 9", "faulted run");
    public static readonly FaultClass RealFullDisk = new(9, "A real full disk (8 MiB tmpfs; simulated volume when mounting is refused)", "1, 3, 9", "save");
    public static readonly FaultClass KilledProcess = new(10, "SIGKILL of a real process at a random instant of its save loop", "1, 2, 3, 6, 7", "kill");
    public static readonly FaultClass BitFlip = new(11, "A flipped bit anywhere in a checkpoint (manifest included)", "3, 5, 9", "damaged checkpoint");
    public static readonly FaultClass Truncation = new(12, "Truncated, extended, missing or extra files", "3, 5, 9", "damaged checkpoint");
    public static readonly FaultClass SwappedParts = new(13, "Parts or manifests swapped between checkpoints", "3, 5, 9", "damaged checkpoint");
    public static readonly FaultClass HostileManifest = new(14, "Hostile manifests with a valid envelope (traversal, absolute, duplicate, absurd sizes, unknown version)", "3, 9", "damaged checkpoint");
    public static readonly FaultClass SymbolicLink = new(15, "Symbolic links pointing outside the run (part, manifest, checkpoint directory)", "3, 9", "damaged checkpoint");
}

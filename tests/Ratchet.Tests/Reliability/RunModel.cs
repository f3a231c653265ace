using Ratchet.Testing;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// What a scenario promised so far, for the check after a crash: the checkpoints that existed before it, the saves
/// it started and those that returned, the history records whose append returned, and what retention planned to
/// drop. The scenario fills it in as it runs; the check compares the reopened run against it.
/// </summary>
internal sealed class RunModel
{
    /// <summary>The committed checkpoints before the scenario began.</summary>
    public required IReadOnlySet<long> Initial { get; init; }

    /// <summary>The history records (by step) durably appended before the scenario began.</summary>
    public required IReadOnlyList<long> InitialRecords { get; init; }

    /// <summary>Checkpoints a retention plan of the scenario drops: they may be present or gone.</summary>
    public IReadOnlySet<long> PlannedVictims { get; init; } = new HashSet<long>();

    /// <summary>When set, no planned victim may be gone unless this (newer) checkpoint, or a later one, is committed.</summary>
    public long? VictimsOnlyAfter { get; init; }

    /// <summary>Steps whose save started.</summary>
    public HashSet<long> Attempted { get; } = [];

    /// <summary>Steps whose save returned.</summary>
    public HashSet<long> Returned { get; } = [];

    /// <summary>History records (by step) whose append returned, the initial ones included.</summary>
    public List<long> Appended { get; } = [];

    /// <summary>What a save of the scenario threw, if one did.</summary>
    public Exception? SaveError { get; set; }

    /// <summary>Failures a prune reported instead of throwing.</summary>
    public List<string> PruneFailures { get; } = [];

    /// <summary>The operations of the scenario that took effect (failed ones excluded).</summary>
    public Func<IReadOnlyList<FileSystemOperation>> CompletedOperations { get; set; } = () => [];

    public static RunModel Create(IEnumerable<long> initial, IEnumerable<long> initialRecords, IEnumerable<long>? plannedVictims = null, long? victimsOnlyAfter = null)
    {
        var records = initialRecords.ToList();
        var model = new RunModel
        {
            Initial = initial.ToHashSet(),
            InitialRecords = records,
            PlannedVictims = (plannedVictims ?? []).ToHashSet(),
            VictimsOnlyAfter = victimsOnlyAfter,
        };
        model.Appended.AddRange(records);
        return model;
    }
}

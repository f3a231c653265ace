using System.Globalization;

namespace Ratchet.Checkpoints;

/// <summary>The names a sharded save gives its files (docs/on-disk-format.md, "Sharded checkpoints"): each rank's parts
/// carry the rank in their file name, so the ranks of one checkpoint can never overwrite each other's parts.</summary>
internal static class ShardNames
{
    /// <summary>Far beyond any launch; keeps rank numbers to five digits in file names.</summary>
    public const int MaxWorldSize = 65536;

    /// <summary>The run file in which rank 0 announces a launch's session to the other ranks.</summary>
    public const string SessionFile = "shards.json";

    /// <summary>Published into a shared staging area by a rank whose part of the save failed.</summary>
    public const string AbandonedFile = "abandoned.json";

    private const string JoinPrefix = "shard-join-";
    private const string RecordPrefix = "shard-";

    public static string PartFile(int rank, string name, PartKind kind) =>
        string.Create(CultureInfo.InvariantCulture, $"rank-{rank:D5}.{PartNames.FileFor(name, kind)}");

    /// <summary>The record a rank publishes once its parts are durable, inside the shared staging area.</summary>
    public static string RecordFile(int rank) => string.Create(CultureInfo.InvariantCulture, $"{RecordPrefix}{rank:D5}.json");

    /// <summary>The run file in which a rank asks to join rank 0's session.</summary>
    public static string JoinFile(int rank) => string.Create(CultureInfo.InvariantCulture, $"{JoinPrefix}{rank:D5}.json");

    public static bool IsRecordFile(string file) => file.StartsWith(RecordPrefix, StringComparison.Ordinal) && file.EndsWith(".json", StringComparison.Ordinal);

    public static string NewSession() => Guid.NewGuid().ToString("N");

    public static bool IsSession(string text) => text.Length == 32 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}

using Ratchet.Runs;
using Ratchet.History;
using Ratchet.Retention;
using Ratchet.Storage.Local;

namespace Ratchet.Tests;

/// <summary>The local layout's names, and reads and pins of a local run through a given file system (a simulation
/// included), as the engine's tests need them.</summary>
internal static class LocalRuns
{
    public const string PendingPrefix = LocalRunStore.PendingPrefix;
    public const string CommittedPrefix = Ratchet.Storage.RunLayout.CheckpointPrefix;

    public static bool IsDebris(string name) =>
        name.StartsWith(LocalRunStore.PendingPrefix, StringComparison.Ordinal) || name.StartsWith(LocalRunStore.TrashPrefix, StringComparison.Ordinal);

    public static bool IsCommitted(string name) => Ratchet.Storage.RunLayout.IsCheckpointName(name);

    public static string NameFor(long step) => Ratchet.Storage.RunLayout.CheckpointName(step);

    public static Task<IReadOnlyList<HistoryRecord>> ReadHistoryAsync(string run, IFileSystem? fileSystem = null) =>
        MetricsHistory.ReadAsync(new LocalRunStore(run, fileSystem ?? LocalFileSystem.Instance), CancellationToken.None);

    public static Task PinAsync(string run, long step, IFileSystem fileSystem) =>
        RunPins.ChangeAsync(new LocalRunStore(run, fileSystem), pins => pins.Add(step), CancellationToken.None);
}

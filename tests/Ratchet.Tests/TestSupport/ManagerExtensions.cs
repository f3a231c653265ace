using Ratchet.Checkpoints;

namespace Ratchet.Tests;

/// <summary>What the tests of the checkpoint engine call directly: a save without a run (history length 0, no space
/// check, no retention — the engine alone), and synchronous listings.</summary>
internal static class ManagerExtensions
{
    public static async Task<CheckpointManifest> SaveAsync(this CheckpointManager manager, CheckpointContent content, CancellationToken cancellationToken = default) =>
        await manager.SaveAsync(content, 0, await manager.ListKnownAsync(cancellationToken), cancellationToken);

    public static IReadOnlyList<string> ListDirectoryNames(this CheckpointManager manager) =>
        manager.ListNamesAsync(CancellationToken.None).GetAwaiter().GetResult();

    public static IReadOnlyList<string> SweepDebris(this CheckpointManager manager) =>
        [.. manager.SweepDebrisAsync(CancellationToken.None).GetAwaiter().GetResult().Select(debris => debris.Name)];
}

using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Testing;

namespace Ratchet.Tests.Retention;

/// <summary>Guarantee 9 for pruning: a failure is reported in the result, and the report says where the victim is.</summary>
public sealed class PruneFaultTests
{
    private const string Directory = "/runs/checkpoints";

    private static async Task<CrashSimulatingFileSystem> TwoCheckpointsAsync()
    {
        var fs = new CrashSimulatingFileSystem();
        fs.CreateDirectory("/runs");
        fs.SyncDirectory("/");
        var manager = new CheckpointManager(Directory, new CheckpointManagerOptions { FileSystem = fs });
        await manager.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[] { 1 }));
        await manager.SaveAsync(new CheckpointContent(2).AddBytes("G", new byte[] { 2 }));
        return fs;
    }

    [Fact]
    public async Task PruneAsync_DirectorySyncFailsAfterTheRename_ReportsTheTrashNotLeftInPlace()
    {
        // Given two checkpoints, and a directory fsync that fails once the victim has been renamed to trash
        var fs = await TwoCheckpointsAsync();
        var faulty = new FaultInjectingFileSystem(fs).FailWhen(operation => operation.Kind == FileSystemOperationKind.SyncDirectory, IoFault.InputOutputError);
        var manager = new CheckpointManager(Directory, new CheckpointManagerOptions { FileSystem = faulty });

        // When keep-last-1 prunes step 1
        var result = await manager.PruneAsync(RetentionPolicy.KeepLast(1), new HashSet<long>());

        // Then the failure says where the checkpoint went instead of claiming it is still in place
        string failure = result.Failures.ShouldHaveSingleItem();
        failure.ShouldNotContain("left in place");
        failure.ShouldContain(".trash-step-0000000001-");
        fs.List(Directory).ShouldContain(entry => entry.Name.StartsWith(".trash-step-0000000001-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PruneAsync_RenameFails_ReportsTheCheckpointLeftInPlace()
    {
        var fs = await TwoCheckpointsAsync();
        var faulty = new FaultInjectingFileSystem(fs).FailWhen(operation => operation.Kind == FileSystemOperationKind.Rename, IoFault.InputOutputError);
        var manager = new CheckpointManager(Directory, new CheckpointManagerOptions { FileSystem = faulty });

        var result = await manager.PruneAsync(RetentionPolicy.KeepLast(1), new HashSet<long>());

        result.Failures.ShouldHaveSingleItem().ShouldContain("It was left in place.");
        manager.ListDirectoryNames().ShouldBe(["step-0000000001", "step-0000000002"]);
    }
}

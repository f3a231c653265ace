using Ratchet.Storage.Local;
using Ratchet.Storage;
using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

public sealed class CrashSimulatingFileSystemTests
{
    [Fact]
    public async Task GetAvailableSpace_AfterWrites_IsCapacityMinusUsedBytes()
    {
        var fs = new CrashSimulatingFileSystem(capacity: 1000);
        fs.CreateDirectory("/runs");
        using var file = fs.CreateFile("/runs/a");

        await file.WriteAsync(Bytes(300), CancellationToken.None);

        fs.UsedBytes.ShouldBe(300);
        fs.GetAvailableSpace("/runs").ShouldBe(700);
    }

    [Fact]
    public async Task WriteAsync_BeyondCapacity_WritesWhatFitsThenThrowsEnospcLikeDotNet()
    {
        var fs = new CrashSimulatingFileSystem(capacity: 100);
        fs.CreateDirectory("/runs");
        using var file = fs.CreateFile("/runs/a");

        var error = await Should.ThrowAsync<IOException>(async () => await file.WriteAsync(Bytes(150), CancellationToken.None));

        error.HResult.ShouldBe(28);
        error.Message.ShouldBe("No space left on device : '/runs/a'");
        file.Length.ShouldBe(100);
        fs.GetAvailableSpace("/").ShouldBe(0);
    }

    [Fact]
    public async Task Capacity_LoweredMidTest_MakesTheNextWriteFail()
    {
        var fs = WithRuns();
        using var file = fs.CreateFile("/runs/a");
        await file.WriteAsync(Bytes(10), CancellationToken.None);

        fs.Capacity = 10;

        await Should.ThrowAsync<IOException>(async () => await file.WriteAsync(Bytes(1), CancellationToken.None));
        fs.DeleteFile("/runs/a");
        fs.GetAvailableSpace("/").ShouldBe(0, "a deleted file still holds its space while it is open");
    }

    [Fact]
    public async Task Operations_EveryMutatingCall_IsNumberedInOrder()
    {
        var fs = new CrashSimulatingFileSystem();
        fs.CreateDirectory("/runs");
        using (var file = fs.CreateFile("/runs/a"))
        {
            await file.WriteAsync(Bytes(3), CancellationToken.None);
            file.Sync();
            file.Truncate(1);
        }

        _ = fs.List("/runs");
        fs.Rename("/runs/a", "/runs/b");
        fs.SyncDirectory("/runs");
        fs.DeleteFile("/runs/b");

        fs.Operations.Select(operation => (operation.Index, operation.Kind)).ShouldBe(
        [
            (1, FileSystemOperationKind.CreateDirectory),
            (2, FileSystemOperationKind.CreateFile),
            (3, FileSystemOperationKind.Write),
            (4, FileSystemOperationKind.Sync),
            (5, FileSystemOperationKind.Truncate),
            (6, FileSystemOperationKind.Rename),
            (7, FileSystemOperationKind.SyncDirectory),
            (8, FileSystemOperationKind.DeleteFile),
        ]);
        fs.Operations[5].ShouldBe(new FileSystemOperation(6, FileSystemOperationKind.Rename, "/runs/a", "/runs/b"));
        fs.OperationCount.ShouldBe(8);
    }

    [Fact]
    public async Task HaltAfter_ReachingThePoint_ThrowsAndFreezesTheState()
    {
        var fs = WithRuns();
        fs.HaltAfter(fs.OperationCount + 2);
        using var file = fs.CreateFile("/runs/a");
        await file.WriteAsync(Bytes(3), CancellationToken.None);

        Should.Throw<SimulatedCrashException>(file.Sync);

        fs.IsHalted.ShouldBeTrue();
        Should.Throw<SimulatedCrashException>(() => fs.DeleteFile("/runs/a"));
        Should.Throw<SimulatedCrashException>(() => fs.GetEntry("/runs/a"));
        fs.OperationCount.ShouldBe(4);
        fs.CrashNowAllApplied().ReadAllBytes("/runs/a").ShouldBe(Bytes(3));
    }

    [Fact]
    public void Paths_WithDotsAndDoubleSlashes_AreNormalised()
    {
        var fs = WithRuns();

        fs.CreateDirectory("/runs//a/");
        fs.WriteAllBytes("/runs/./a/../a/f", Bytes(1));

        fs.GetAllPaths().ShouldBe(["/runs", "/runs/a", "/runs/a/f"]);
        fs.Exists("/runs/a/./f").ShouldBeTrue();
    }

    [Fact]
    public void Paths_Relative_AreRefused() =>
        Should.Throw<ArgumentException>(() => new CrashSimulatingFileSystem().CreateDirectory("runs"));

    [Fact]
    public void CreateDirectory_MissingParent_ThrowsDirectoryNotFoundUnlikeLocalFileSystem() =>
        Throws.Exactly<DirectoryNotFoundException>(() => new CrashSimulatingFileSystem().CreateDirectory("/runs/a"));

    [Fact]
    public void SymbolicLink_RelativeTargetInsideTheFileSystem_IsFollowedOnRead()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/data");
        fs.WriteAllBytes("/runs/data/real", Bytes(4));

        fs.CreateSymbolicLink("/runs/link", "data/real");
        fs.CreateSymbolicLink("/runs/dirlink", "/runs/data");

        using var stream = fs.OpenRead("/runs/link");
        stream.Length.ShouldBe(4);
        fs.ReadAllBytes("/runs/dirlink/real").ShouldBe(Bytes(4));
        fs.List("/runs/dirlink").Single().Name.ShouldBe("real");
        fs.GetEntry("/runs/dirlink")!.Kind.ShouldBe(FileSystemEntryKind.SymbolicLink);
    }

    [Fact]
    public void SymbolicLink_Loop_ThrowsIOException()
    {
        var fs = WithRuns();
        fs.CreateSymbolicLink("/runs/a", "/runs/b");
        fs.CreateSymbolicLink("/runs/b", "/runs/a");

        Throws.Exactly<IOException>(() => fs.OpenRead("/runs/a")).HResult.ShouldBe(40);
    }

    [Fact]
    public void SymbolicLink_Planted_IsDurable()
    {
        var fs = WithRuns();

        fs.CreateSymbolicLink("/runs/link", "/etc/passwd");

        fs.CrashNowDurableOnly().GetEntry("/runs/link")!.Kind.ShouldBe(FileSystemEntryKind.SymbolicLink);
    }

    [Fact]
    public void DeleteDirectory_LinkToDirectory_RemovesOnlyTheLink()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/data");
        fs.CreateSymbolicLink("/runs/link", "/runs/data");

        fs.DeleteDirectory("/runs/link");

        fs.GetAllPaths().ShouldBe(["/runs", "/runs/data"]);
    }

    [Fact]
    public async Task HasUnsyncedChanges_AfterWriteAndAfterSyncs_TracksWhatACrashCouldLose()
    {
        var fs = WithRuns();
        fs.HasUnsyncedChanges.ShouldBeFalse();

        using var file = fs.CreateFile("/runs/a");
        fs.SyncDirectory("/runs");
        fs.HasUnsyncedChanges.ShouldBeFalse();
        await file.WriteAsync(Bytes(1), CancellationToken.None);
        fs.HasUnsyncedChanges.ShouldBeTrue();
        file.Sync();

        fs.HasUnsyncedChanges.ShouldBeFalse();
    }

    [Fact]
    public async Task HasUnsyncedChanges_AfterADurableDeleteOfATree_IsFalse()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/old");
        fs.CreateDirectory("/runs/old/sub");
        await WriteDurableAsync(fs, "/runs/old/sub/a", Bytes(1));
        fs.SyncAll();

        fs.DeleteDirectory("/runs/old");
        fs.SyncDirectory("/runs");

        // The unlinks inside the deleted tree can never be synced, but no crash can show them either.
        fs.HasUnsyncedChanges.ShouldBeFalse();
    }
}

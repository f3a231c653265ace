using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

public sealed class CrashSimulatingFileSystemCrashTests
{
    [Fact]
    public async Task CrashNow_SyncedData_SurvivesEveryCrash()
    {
        var fs = WithRuns();
        var synced = Bytes(100);
        using var file = fs.CreateFile("/runs/a");
        await file.WriteAsync(synced, CancellationToken.None);
        file.Sync();
        fs.SyncDirectory("/runs");
        await file.WriteAsync(Bytes(50, seed: 7), CancellationToken.None);

        foreach (var crashed in RandomCrashes(fs).Append(fs.CrashNowDurableOnly()))
        {
            var content = crashed.ReadAllBytes("/runs/a");
            content.Length.ShouldBeInRange(100, 150);
            content[..100].ShouldBe(synced);
        }
    }

    [Fact]
    public async Task CrashNow_UnsyncedAppend_MayBeLostOrTornButNeverExtended()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/a", Bytes(10));
        var written = Bytes(10).Concat(Bytes(1000, seed: 3)).ToArray();
        using (var file = fs.OpenAppend("/runs/a"))
        {
            await file.WriteAsync(written.AsMemory(10), CancellationToken.None);
        }

        var contents = RandomCrashes(fs, 300).Select(crashed => crashed.ReadAllBytes("/runs/a")).ToList();

        contents.ShouldAllBe(content => content.Length >= 10 && content.Length <= written.Length);
        contents.ShouldAllBe(content => content.Take(10).SequenceEqual(written.Take(10)));
        contents.ShouldContain(content => content.Length == 10, "a crash may lose all unsynced data");
        contents.ShouldContain(content => content.Length == written.Length, "a crash may keep all unsynced data");
        contents.ShouldContain(content => content.Length > 10 && content.Length < written.Length, "a crash may keep part of it");
        contents.ShouldContain(content => !content.SequenceEqual(written.Take(content.Length)), "a torn tail may not read back as written");
    }

    [Fact]
    public async Task CrashNow_WithoutTornTail_KeepsAPrefixOfWhatWasWritten()
    {
        var fs = WithRuns();
        var written = Bytes(300);
        using (var file = fs.CreateFile("/runs/a"))
        {
            await file.WriteAsync(written.AsMemory(0, 100), CancellationToken.None);
            await file.WriteAsync(written.AsMemory(100), CancellationToken.None);
        }

        fs.SyncDirectory("/runs");

        foreach (var crashed in RandomCrashes(fs, options: new CrashOptions { TornTail = TornTail.None }))
        {
            var content = crashed.ReadAllBytes("/runs/a");
            content.ShouldBe(written[..content.Length]);
        }
    }

    [Fact]
    public async Task CrashNow_WithBlockSize_CutsUnsyncedWritesOnlyAtBlockBoundaries()
    {
        var fs = WithRuns();
        using (var file = fs.CreateFile("/runs/a"))
        {
            await file.WriteAsync(Bytes(2000), CancellationToken.None);
        }

        fs.SyncDirectory("/runs");
        var options = new CrashOptions { BlockSize = 512, TornTail = TornTail.None };

        var lengths = RandomCrashes(fs, options: options).Select(crashed => crashed.ReadAllBytes("/runs/a").Length).ToHashSet();

        lengths.ShouldBeSubsetOf([0, 512, 1024, 1536, 2000]);
        lengths.Count.ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task CrashNowDurableOnly_UnsyncedWrite_IsLostAndCrashNowAllApplied_KeepsIt()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/a", Bytes(4));
        using (var file = fs.OpenAppend("/runs/a"))
        {
            await file.WriteAsync(Bytes(4, seed: 9), CancellationToken.None);
        }

        fs.CrashNowDurableOnly().ReadAllBytes("/runs/a").ShouldBe(Bytes(4));
        fs.CrashNowAllApplied().ReadAllBytes("/runs/a").ShouldBe([.. Bytes(4), .. Bytes(4, seed: 9)]);
    }

    [Fact]
    public async Task CrashNow_UnsyncedTruncate_CanBeUndone()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/a", Bytes(10));
        using (var file = fs.OpenAppend("/runs/a"))
        {
            file.Truncate(4);
        }

        fs.CrashNowDurableOnly().ReadAllBytes("/runs/a").ShouldBe(Bytes(10));
        fs.CrashNowAllApplied().ReadAllBytes("/runs/a").ShouldBe(Bytes(10)[..4]);
    }

    [Fact]
    public async Task CrashNow_RenameWithoutDirectorySync_CanBeUndoneButIsAtomic()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/tmp", Bytes(8));

        fs.Rename("/runs/tmp", "/runs/final");

        fs.CrashNowDurableOnly().GetAllPaths().ShouldBe(["/runs", "/runs/tmp"]);
        var outcomes = RandomCrashes(fs).Select(crashed => string.Join(' ', crashed.GetAllPaths())).ToHashSet();
        outcomes.ShouldBe(["/runs /runs/tmp", "/runs /runs/final"], ignoreOrder: true);
    }

    [Fact]
    public async Task CrashNow_RenameFollowedByDirectorySync_SurvivesEveryCrash()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/tmp", Bytes(8));

        fs.Rename("/runs/tmp", "/runs/final");
        fs.SyncDirectory("/runs");

        foreach (var crashed in RandomCrashes(fs).Append(fs.CrashNowDurableOnly()))
        {
            crashed.GetAllPaths().ShouldBe(["/runs", "/runs/final"]);
            crashed.ReadAllBytes("/runs/final").ShouldBe(Bytes(8));
        }
    }

    [Fact]
    public async Task CrashNow_RenameAcrossDirectories_NeedsBothParentsSynced()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/a");
        fs.CreateDirectory("/runs/b");
        fs.SyncDirectory("/runs");
        await WriteDurableAsync(fs, "/runs/a/x", Bytes(3));

        fs.Rename("/runs/a/x", "/runs/b/x");
        fs.SyncDirectory("/runs/b");
        var destinationOnly = fs.CrashNowDurableOnly();
        fs = fs.CrashNowAllApplied();
        fs.Rename("/runs/b/x", "/runs/a/x");
        fs.SyncDirectory("/runs/b");
        fs.SyncDirectory("/runs/a");
        var both = fs.CrashNowDurableOnly();

        destinationOnly.Exists("/runs/a/x").ShouldBeTrue();
        destinationOnly.Exists("/runs/b/x").ShouldBeFalse();
        both.Exists("/runs/a/x").ShouldBeTrue();
        both.Exists("/runs/b/x").ShouldBeFalse();
        both.ReadAllBytes("/runs/a/x").ShouldBe(Bytes(3));
    }

    [Fact]
    public async Task CrashNow_FileSyncedButParentNotSynced_CanVanish()
    {
        var fs = WithRuns();
        using (var file = fs.CreateFile("/runs/a"))
        {
            await file.WriteAsync(Bytes(5), CancellationToken.None);
            file.Sync();
        }

        fs.CrashNowDurableOnly().Exists("/runs/a").ShouldBeFalse();
        RandomCrashes(fs).Select(crashed => crashed.Exists("/runs/a")).Distinct().Count().ShouldBe(2);
        RandomCrashes(fs).Where(crashed => crashed.Exists("/runs/a")).ShouldAllBe(crashed => crashed.ReadAllBytes("/runs/a").Length == 5);
    }

    [Fact]
    public async Task CrashNow_DirectorySyncedButNotItsParent_LosesTheWholeDirectory()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/c");
        await WriteDurableAsync(fs, "/runs/c/a", Bytes(5));

        fs.CrashNowDurableOnly().GetAllPaths().ShouldBe(["/runs"]);
    }

    [Fact]
    public async Task CrashNow_CreateThenRenameDirectory_NeverKeepsTheRenameWithoutTheCreation()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/.pending");
        await WriteDurableAsync(fs, "/runs/.pending/manifest", Bytes(6));
        fs.Rename("/runs/.pending", "/runs/step-1");

        var outcomes = RandomCrashes(fs).Select(crashed => string.Join(' ', crashed.GetAllPaths())).ToHashSet();

        outcomes.ShouldBe(["/runs", "/runs /runs/.pending /runs/.pending/manifest", "/runs /runs/step-1 /runs/step-1/manifest"], ignoreOrder: true);
    }

    [Fact]
    public async Task CrashNow_ChainOfUnsyncedRenames_NeverShowsTheFileUnderTwoNames()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/a", Bytes(2));

        fs.Rename("/runs/a", "/runs/b");
        fs.Rename("/runs/b", "/runs/c");

        var outcomes = RandomCrashes(fs).Select(crashed => string.Join(' ', crashed.GetAllPaths())).ToHashSet();
        outcomes.ShouldBe(["/runs /runs/a", "/runs /runs/b", "/runs /runs/c"], ignoreOrder: true);
    }

    [Fact]
    public async Task CrashNow_MovedInThenDeletedAndDirectorySynced_NeverReappears()
    {
        // Syncing /runs/b makes its entries final, so the move that brought x in must count as done too,
        // though its source directory was never synced: a journal commits an effect with its causes.
        var fs = WithRuns();
        fs.CreateDirectory("/runs/a");
        fs.CreateDirectory("/runs/b");
        fs.SyncDirectory("/runs");
        await WriteDurableAsync(fs, "/runs/a/x", Bytes(2));

        fs.Rename("/runs/a/x", "/runs/b/x");
        fs.DeleteFile("/runs/b/x");
        fs.SyncDirectory("/runs/b");

        RandomCrashes(fs).Append(fs.CrashNowDurableOnly()).ShouldAllBe(crashed => !crashed.Exists("/runs/b/x"));
    }

    [Fact]
    public async Task CrashNow_DeleteWithoutDirectorySync_CanBeUndone()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/a", Bytes(5));

        fs.DeleteFile("/runs/a");

        fs.CrashNowDurableOnly().ReadAllBytes("/runs/a").ShouldBe(Bytes(5));
        fs.CrashNowAllApplied().Exists("/runs/a").ShouldBeFalse();
    }

    [Fact]
    public async Task CrashNow_DeleteFollowedByDirectorySync_IsFinal()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/a", Bytes(5));

        fs.DeleteFile("/runs/a");
        fs.SyncDirectory("/runs");

        RandomCrashes(fs).Append(fs.CrashNowDurableOnly()).ShouldAllBe(crashed => !crashed.Exists("/runs/a"));
    }

    [Fact]
    public async Task CrashNow_DeleteDirectoryWithoutSync_MayLeaveAPartialTree()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/old");
        fs.SyncDirectory("/runs");
        foreach (var name in new[] { "a", "b", "c" })
        {
            await WriteDurableAsync(fs, "/runs/old/" + name, Bytes(2));
        }

        fs.DeleteDirectory("/runs/old");

        var fileCounts = RandomCrashes(fs).Where(crashed => crashed.Exists("/runs/old")).Select(crashed => crashed.List("/runs/old").Count).ToHashSet();
        fileCounts.ShouldContain(3);
        fileCounts.ShouldContain(count => count < 3, "a crash may stop a recursive delete part-way");
        fs.CrashNowAllApplied().Exists("/runs/old").ShouldBeFalse();
    }

    [Fact]
    public async Task CrashNow_OpenHandles_ThrowAfterTheCrash()
    {
        var fs = WithRuns();
        var file = fs.CreateFile("/runs/a");

        _ = fs.CrashNow(new Random(1));

        fs.IsHalted.ShouldBeTrue();
        await Should.ThrowAsync<SimulatedCrashException>(async () => await file.WriteAsync(new byte[] { 1 }, CancellationToken.None));
        Should.Throw<SimulatedCrashException>(file.Sync);
        Should.Throw<SimulatedCrashException>(() => fs.CreateFile("/runs/b"));
        Should.Throw<SimulatedCrashException>(() => fs.List("/runs"));
        file.Dispose();
    }

    [Fact]
    public async Task CrashNow_Result_IsAFreshIndependentFileSystem()
    {
        var fs = WithRuns();
        await WriteDurableAsync(fs, "/runs/a", Bytes(5));

        var first = fs.CrashNowDurableOnly();
        var second = fs.CrashNowDurableOnly();
        await WriteDurableAsync(first, "/runs/b", Bytes(1));

        first.OperationCount.ShouldBe(4);
        second.Exists("/runs/b").ShouldBeFalse();
        first.CrashNowDurableOnly().ReadAllBytes("/runs/b").ShouldBe(Bytes(1));
    }

    [Fact]
    public async Task CrashNow_SameSeed_GivesTheSameState()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/x");
        using (var file = fs.CreateFile("/runs/x/a"))
        {
            await file.WriteAsync(Bytes(500), CancellationToken.None);
        }

        fs.Rename("/runs/x", "/runs/y");

        for (var seed = 0; seed < 20; seed++)
        {
            var once = fs.CrashNow(new Random(seed));
            var again = fs.CrashNow(new Random(seed));
            again.GetAllPaths().ShouldBe(once.GetAllPaths());
            foreach (var path in once.GetAllPaths().Where(path => path.EndsWith("/a", StringComparison.Ordinal)))
            {
                again.ReadAllBytes(path).ShouldBe(once.ReadAllBytes(path));
            }
        }
    }

    [Fact]
    public async Task SyncAll_PendingChanges_BecomeDurable()
    {
        var fs = WithRuns();
        fs.CreateDirectory("/runs/c");
        using (var file = fs.CreateFile("/runs/c/a"))
        {
            await file.WriteAsync(Bytes(5), CancellationToken.None);
        }

        fs.HasUnsyncedChanges.ShouldBeTrue();
        fs.SyncAll();

        fs.HasUnsyncedChanges.ShouldBeFalse();
        fs.CrashNowDurableOnly().ReadAllBytes("/runs/c/a").ShouldBe(Bytes(5));
    }

    [Fact]
    public void WriteAllBytes_PlantedFixture_IsDurableAtOnce()
    {
        var fs = WithRuns();

        fs.WriteAllBytes("/runs/a", Bytes(3));

        fs.OperationCount.ShouldBe(2);
        fs.CrashNowDurableOnly().ReadAllBytes("/runs/a").ShouldBe(Bytes(3));
    }
}

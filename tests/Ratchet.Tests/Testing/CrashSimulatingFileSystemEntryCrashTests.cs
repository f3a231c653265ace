using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

/// <summary>What a crash does to directory entries: durable after a sync of their directory, and
/// otherwise kept or lost in combinations that respect their causes.</summary>
public sealed class CrashSimulatingFileSystemEntryCrashTests
{
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
}

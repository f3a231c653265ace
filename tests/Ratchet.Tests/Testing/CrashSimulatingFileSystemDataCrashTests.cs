using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

/// <summary>What a crash does to file data: synced bytes survive, unsynced ones may be lost or torn.</summary>
public sealed class CrashSimulatingFileSystemDataCrashTests
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
}

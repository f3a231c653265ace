using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

public sealed class CrashSimulatingFileSystemCrashTests
{
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

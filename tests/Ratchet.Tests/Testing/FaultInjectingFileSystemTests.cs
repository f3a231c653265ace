using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

public sealed class FaultInjectingFileSystemTests
{
    [Fact]
    public async Task FailOperation_NthIsAWrite_ThrowsEioAndWritesNothing()
    {
        var sim = WithRuns();
        var fs = new FaultInjectingFileSystem(sim).FailOperation(2, IoFault.InputOutputError);
        using var file = fs.CreateFile("/runs/a");

        var error = await Should.ThrowAsync<IOException>(async () => await file.WriteAsync(Bytes(5), CancellationToken.None));

        error.HResult.ShouldBe(5);
        error.Message.ShouldBe("Input/output error : '/runs/a'");
        file.Length.ShouldBe(0);
        fs.FailedOperations.Single().ShouldBe(new FileSystemOperation(2, FileSystemOperationKind.Write, "/runs/a", Length: 5));
    }

    [Fact]
    public async Task FailOperation_NoSpaceOnWrite_MatchesWhatDotNetThrowsOnLinux()
    {
        var fs = new FaultInjectingFileSystem(WithRuns()).FailOperation(2, IoFault.NoSpace);
        using var file = fs.CreateFile("/runs/a");

        var injected = await Should.ThrowAsync<IOException>(async () => await file.WriteAsync(Bytes(5), CancellationToken.None));

        injected.HResult.ShouldBe(28);
        injected.Message.ShouldBe("No space left on device : '/runs/a'");
        if (OperatingSystem.IsLinux() && File.Exists("/dev/full"))
        {
            // /dev/full fails every write with ENOSPC: the real thing to compare with.
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            var real = Should.Throw<IOException>(() => full.Write(Bytes(5)));
            real.HResult.ShouldBe(injected.HResult);
            real.Message.ShouldBe("No space left on device : '/dev/full'");
        }
    }

    [Fact]
    public void FailWhen_EverySync_FailsSyncAndSyncDirectory()
    {
        var fs = new FaultInjectingFileSystem(WithRuns())
            .FailWhen(operation => operation.Kind is FileSystemOperationKind.Sync or FileSystemOperationKind.SyncDirectory, IoFault.InputOutputError);
        using var file = fs.CreateFile("/runs/a");

        Should.Throw<IOException>(file.Sync).HResult.ShouldBe(5);
        Should.Throw<IOException>(file.Sync);
        Should.Throw<IOException>(() => fs.SyncDirectory("/runs")).Message.ShouldContain("/runs");
        fs.FailedOperations.Count.ShouldBe(3);
    }

    [Fact]
    public void FailWhen_OpenRead_FailsTheReadUnnumbered()
    {
        var sim = WithRuns();
        sim.WriteAllBytes("/runs/a", Bytes(2));
        var fs = new FaultInjectingFileSystem(sim).FailWhen(operation => operation.Kind == FileSystemOperationKind.OpenRead, IoFault.InputOutputError);

        Should.Throw<IOException>(() => fs.OpenRead("/runs/a")).HResult.ShouldBe(5);
        fs.OperationCount.ShouldBe(0);
    }

    [Fact]
    public async Task FailOperation_FailedSyncThenSuccessfulSync_DataStaysVolatile()
    {
        // Linux drops the dirty state of pages whose writeback failed, so a retried fsync reports success
        // without writing them: the data stays at the mercy of a crash.
        var sim = WithRuns();
        var fs = new FaultInjectingFileSystem(sim).FailOperation(4, IoFault.InputOutputError);
        using var file = fs.CreateFile("/runs/a");
        fs.SyncDirectory("/runs");
        await file.WriteAsync(Bytes(10), CancellationToken.None);

        Should.Throw<IOException>(file.Sync);
        file.Sync();

        sim.CrashNowDurableOnly().ReadAllBytes("/runs/a").ShouldBeEmpty();
        sim.CrashNowAllApplied().ReadAllBytes("/runs/a").ShouldBe(Bytes(10));
    }

    [Fact]
    public async Task FailOperation_FailedSync_LaterWritesStillBecomeDurable()
    {
        var sim = WithRuns();
        var fs = new FaultInjectingFileSystem(sim).FailOperation(4, IoFault.InputOutputError);
        using var file = fs.CreateFile("/runs/a");
        fs.SyncDirectory("/runs");
        await file.WriteAsync(Bytes(4), CancellationToken.None);
        Should.Throw<IOException>(file.Sync);

        await file.WriteAsync(Bytes(4, seed: 5), CancellationToken.None);
        file.Sync();

        var content = sim.CrashNowDurableOnly().ReadAllBytes("/runs/a");
        content.Length.ShouldBe(8);
        content[4..].ShouldBe(Bytes(4, seed: 5));
    }

    [Fact]
    public async Task FailOperation_FailedSyncDirectory_LeavesTheRenameUndoable()
    {
        var sim = WithRuns();
        await WriteDurableAsync(sim, "/runs/tmp", Bytes(2));
        var fs = new FaultInjectingFileSystem(sim).FailOperation(2, IoFault.InputOutputError);

        fs.Rename("/runs/tmp", "/runs/final");
        Should.Throw<IOException>(() => fs.SyncDirectory("/runs"));

        sim.CrashNowDurableOnly().Exists("/runs/tmp").ShouldBeTrue();
    }

    [Fact]
    public async Task Operations_WithoutFaults_AreNumberedLikeTheSimulator()
    {
        var sim = WithRuns();
        var fs = new FaultInjectingFileSystem(sim);
        var before = sim.OperationCount;

        await AtomicWriteAsync(fs, "/runs/file", Bytes(3));

        fs.Operations.Select(operation => operation with { Index = operation.Index + before })
            .ShouldBe(sim.Operations.Skip(before));
    }

    [Fact]
    public async Task FailOperation_SweptOverEveryOperation_NeverLosesTheOldContent()
    {
        // The pattern a fault sweep follows: count the operations once, then fail each in turn.
        var counting = new FaultInjectingFileSystem(Prepared());
        await AtomicWriteAsync(counting, "/runs/file", Bytes(3, seed: 2));

        for (var n = 1; n <= counting.OperationCount; n++)
        {
            var sim = Prepared();
            var fs = new FaultInjectingFileSystem(sim).FailOperation(n, n % 2 == 0 ? IoFault.NoSpace : IoFault.InputOutputError);

            await Should.ThrowAsync<IOException>(() => AtomicWriteAsync(fs, "/runs/file", Bytes(3, seed: 2)));

            sim.CrashNowDurableOnly().ReadAllBytes("/runs/file").ShouldBe(Bytes(3), $"failing operation {n}");
        }

        static CrashSimulatingFileSystem Prepared()
        {
            var sim = WithRuns();
            sim.WriteAllBytes("/runs/file", Bytes(3));
            return sim;
        }
    }
}

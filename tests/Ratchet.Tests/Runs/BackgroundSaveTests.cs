using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage.Local;
using Ratchet.Testing;

namespace Ratchet.Tests.Runs;

/// <summary>Snapshot saves: the caller stalls only for the copy; the commit, its history link, retention and every error
/// behave as for a durable save, in the background.</summary>
public sealed class BackgroundSaveTests : IDisposable
{
    private static readonly object Config = new { hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    private Task<TrainingRun> Open(IFileSystem? fileSystem = null, int inFlight = 1) => TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions
    {
        HandleStopSignals = false,
        TensorBoardDirectory = null,
        SaveMode = SaveMode.Snapshot,
        MaxSavesInFlight = inFlight,
        Retention = Ratchet.Retention.RetentionPolicy.KeepLast(2),
        FileSystem = fileSystem ?? LocalFileSystem.Instance,
    });

    [Fact]
    public async Task SnapshotSave_CopiesTheStateBeforeReturning_SoLaterChangesAreNotSaved()
    {
        byte[] weights = [.. Enumerable.Range(0, 1 << 20).Select(i => (byte)i)];
        byte[] expected = [.. weights];
        await using (var run = await Open())
        {
            await run.LogAsync(1, 1, new Dictionary<string, double> { ["loss"] = 0.5 });
            var save = await run.SaveAsync(new CheckpointContent(1, 1).AddBytes("G", weights));
            Array.Fill(weights, (byte)0xFF); // the next training step, while the save may still be writing

            var manifest = await save.Committed;
            save.IsDurable.ShouldBeTrue();
            manifest.HistoryLength.ShouldBe(1);
            manifest.Metrics["loss"].ShouldBe(0.5);
        }

        var reader = await RunReader.OpenAsync(Run);
        (await (await reader.OpenCheckpointAsync(1)).ReadBytesAsync("G")).ShouldBe(expected);
    }

    [Fact]
    public async Task SnapshotSaves_CommitInOrder_WithRetentionAfterEachCommit_AndDisposeWaitsForTheLast()
    {
        await using (var run = await Open(inFlight: 2))
        {
            for (long step = 1; step <= 6; step++)
            {
                await run.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });
                await run.SaveAsync(new CheckpointContent(step, step).AddBytes("G", new byte[64 << 10]));
            }
        }

        var reader = await RunReader.OpenAsync(Run);
        (await reader.ListAsync(VerificationLevel.Full)).Select(status => (status.Step, status.State))
            .ShouldBe([(6L, CheckpointState.Intact), (5L, CheckpointState.Intact)]);
        await using var resumed = await Open();
        resumed.Resume.Step.ShouldBe(6);
        resumed.History.Count.ShouldBe(6);
    }

    [Fact]
    public async Task BackgroundFailure_IsReportedOnTheNextSave_AndNothingOfItIsCommitted()
    {
        var fileSystem = new FaultInjectingFileSystem(LocalFileSystem.Instance)
            .FailWhen(operation => operation.Kind == FileSystemOperationKind.Sync && operation.Path.Contains(".pending-2-", StringComparison.Ordinal), IoFault.NoSpace);
        await using var run = await Open(fileSystem);
        await (await run.SaveAsync(new CheckpointContent(1, 1).AddBytes("G", new byte[] { 1 }))).Committed;

        var failed = await run.SaveAsync(new CheckpointContent(2, 2).AddBytes("G", new byte[] { 2 }));
        await Should.ThrowAsync<CheckpointSaveException>(() => failed.Committed);

        var reported = await Should.ThrowAsync<CheckpointSaveException>(() => run.SaveAsync(new CheckpointContent(3, 3).AddBytes("G", new byte[] { 3 })));
        reported.Message.ShouldContain("background save of checkpoint step 2 failed");
        (await (await run.SaveAsync(new CheckpointContent(3, 3).AddBytes("G", new byte[] { 3 }))).Committed).Step.ShouldBe(3);
        (await (await RunReader.OpenAsync(Run)).ListAsync()).Select(status => status.Step).ShouldBe([3L, 1L]);
    }

    [Fact]
    public async Task BackgroundFailure_NoSaveReportedIt_DisposeThrowsIt()
    {
        var fileSystem = new FaultInjectingFileSystem(LocalFileSystem.Instance)
            .FailWhen(operation => operation.Kind == FileSystemOperationKind.Sync && operation.Path.Contains(".pending-1-", StringComparison.Ordinal), IoFault.InputOutputError);
        var run = await Open(fileSystem);
        _ = await run.SaveAsync(new CheckpointContent(1, 1).AddBytes("G", new byte[] { 1 }));

        var error = await Should.ThrowAsync<CheckpointSaveException>(() => run.DisposeAsync().AsTask());

        error.Message.ShouldContain("step 1");
        await using var reopened = await Open();
        reopened.Resume.Step.ShouldBeNull("nothing of the failed save is committed, and the lock was released");
    }
}

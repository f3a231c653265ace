using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Tests.Retention;

/// <summary>Guarantee 6 against real directories: pruning applies the plan and never removes what resume needs.</summary>
public sealed class PruneTests : IDisposable
{
    private static readonly object Config = new { hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    private Task<TrainingRun> Open(RetentionPolicy? retention = null, ILogger? logger = null) => TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions
    {
        HandleStopSignals = false,
        Retention = retention,
        Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
    });

    private static Task<CheckpointSave> SaveAsync(TrainingRun run, long step, double loss) =>
        run.SaveAsync(new CheckpointContent(step, step).AddBytes("G", new byte[100]).SetMetric("loss", loss));

    [Fact]
    public async Task SaveAsync_WithKeepLast_KeepsOnlyTheNewestAndLogsEachPrune()
    {
        var logger = new RecordingLogger();
        await using var run = await Open(RetentionPolicy.KeepLast(2), logger);

        for (long step = 1; step <= 5; step++)
        {
            await SaveAsync(run, step, 1.0 / step);
        }

        run.Checkpoints.ListDirectoryNames().ShouldBe(["step-0000000004", "step-0000000005"]);
        logger.At(LogLevel.Information).ShouldContain(m => m.StartsWith("Pruned step-0000000001: not kept by any rule", StringComparison.Ordinal));
        Directory.GetFileSystemEntries(run.Checkpoints.Directory).ShouldAllBe(path => !Path.GetFileName(path).StartsWith('.'));
    }

    [Fact]
    public async Task SaveAsync_KeepBestWithKeepLastOne_BestAndNewestBothSurvive()
    {
        await using var run = await Open(RetentionPolicy.AnyOf(RetentionPolicy.KeepLast(1), RetentionPolicy.KeepBest("loss", MetricGoal.Minimize, 1)));

        await SaveAsync(run, 1, 0.9);
        await SaveAsync(run, 2, 0.1);
        await SaveAsync(run, 3, 0.5);
        await SaveAsync(run, 4, 0.7);

        run.Checkpoints.ListDirectoryNames().ShouldBe(["step-0000000002", "step-0000000004"]);
        (await run.Checkpoints.ResolveAsync(ResumeFrom.Newest)).Step.ShouldBe(4);
    }

    [Fact]
    public async Task SaveAsync_PinnedCheckpoint_IsNeverPruned()
    {
        await using var run = await Open(RetentionPolicy.KeepLast(1));
        await SaveAsync(run, 1, 1);
        await RunPins.PinAsync(Run, 1);

        await SaveAsync(run, 2, 1);
        await SaveAsync(run, 3, 1);

        run.Checkpoints.ListDirectoryNames().ShouldBe(["step-0000000001", "step-0000000003"]);
        (await RunPins.ReadAsync(Run)).ShouldBe([1L]);
    }

    [Fact]
    public async Task PruneAsync_DamagedCheckpoint_IsReportedNotRemovedUnlessRequested()
    {
        await using var run = await Open();
        await SaveAsync(run, 1, 1);
        await SaveAsync(run, 2, 1);
        await SaveAsync(run, 3, 1);
        File.Delete(Path.Combine(run.Checkpoints.Directory, "step-0000000002", "G.bin"));

        var plan = await run.PruneAsync(RetentionPolicy.KeepLast(1));

        plan.Plan.Reported.Single().Step.ShouldBe(2);
        plan.Removed.ShouldBe(["step-0000000001"]);
        run.Checkpoints.ListDirectoryNames().ShouldBe(["step-0000000002", "step-0000000003"]);

        var explicitRemoval = await run.Checkpoints.PruneAsync(RetentionPolicy.KeepLast(1), new HashSet<long>(), removeDamaged: true);

        explicitRemoval.Removed.ShouldBe(["step-0000000002"]);
        run.Checkpoints.ListDirectoryNames().ShouldBe(["step-0000000003"]);
    }

    [Fact]
    public async Task PruneAsync_DryRun_ChangesNothingAndReportsBytes()
    {
        await using var run = await Open();
        await SaveAsync(run, 1, 1);
        await SaveAsync(run, 2, 1);

        var result = await run.PruneAsync(RetentionPolicy.KeepLast(1), dryRun: true);

        result.Plan.Dropped.Single().Step.ShouldBe(1);
        result.FreedBytes.ShouldBe(100);
        result.Removed.ShouldBeEmpty();
        run.Checkpoints.ListDirectoryNames().Count.ShouldBe(2);
    }

    [Fact]
    public async Task PruneAsync_NewestAlteredInContent_IsNotTakenAsIntactAndTheRealResumePointSurvives()
    {
        // Given a newest checkpoint whose bytes changed after a previous process committed it (sizes still match)
        await using (var writer = await Open())
        {
            await SaveAsync(writer, 1, 1);
            await SaveAsync(writer, 2, 1);
        }

        string altered = Path.Combine(Run, "checkpoints", "step-0000000002", "G.bin");
        byte[] bytes = File.ReadAllBytes(altered);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(altered, bytes);

        // When a later process prunes with keep-last 1
        var manager = new CheckpointManager(Path.Combine(Run, "checkpoints"));
        var result = await manager.PruneAsync(RetentionPolicy.KeepLast(1), new HashSet<long>());

        // Then the damaged newest is reported, and step 1, the real resume point, is kept
        result.Removed.ShouldBeEmpty();
        result.Plan.Reported.Single().Step.ShouldBe(2);
        result.Plan.Kept.Single().Step.ShouldBe(1);
    }
}

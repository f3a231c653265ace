using System.Reflection;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace Ratchet.Tests.Runs;

/// <summary>There is one way to commit a checkpoint, and it keeps the history: whatever public path saved, a resume finds
/// the history ending at the checkpoint; and nothing public commits, prunes or sweeps without the run's lock.</summary>
public sealed class OneSavePathTests : IDisposable
{
    private static readonly object Config = new { hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    private Task<TrainingRun> Open(RetentionPolicy? retention = null) =>
        TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false, Retention = retention, TensorBoardDirectory = null });

    [Fact]
    public void PublicSurface_OnlyTheTrainingRunCommits_AndOnlyLockHoldersPrune()
    {
        // Ratchet.Storage is the seam for store implementers, below the commit protocol; callers never hold a store.
        var methods = typeof(TrainingRun).Assembly.GetExportedTypes()
            .Where(type => type.Namespace?.StartsWith("Ratchet.Storage", StringComparison.Ordinal) != true)
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .ToList();

        methods.Where(method => method.GetParameters().Any(parameter => parameter.ParameterType == typeof(CheckpointContent)))
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}").Order(StringComparer.Ordinal)
            .ShouldBe(["ShardedRun.SaveAsync", "TrainingRun.SaveAsync"]); // a sharded run's rank 0 commits through its TrainingRun
        methods.Where(method => method.Name.Contains("Prune", StringComparison.Ordinal) && !method.Name.StartsWith("Plan", StringComparison.Ordinal)
                && method.GetParameters().Any(parameter => parameter.ParameterType == typeof(RetentionPolicy)))
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}").Order(StringComparer.Ordinal)
            .ShouldBe(["RunMaintenance.PruneAsync", "TrainingRun.PruneAsync"]);
        methods.Where(method => method.Name.Contains("Sweep", StringComparison.Ordinal))
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}").ShouldBe(["RunMaintenance.SweepDebrisAsync"]);
    }

    [Fact]
    public async Task History_SurvivesResume_AfterSavesThroughEveryPublicPath()
    {
        await using (var run = await Open(RetentionPolicy.KeepLast(2)))
        {
            for (long step = 1; step <= 3; step++)
            {
                await run.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });
                await run.SaveAsync(new CheckpointContent(step, step).AddBytes("G", BitConverter.GetBytes(step)));
            }

            await run.PruneAsync(RetentionPolicy.KeepLast(1));
        }

        await using (var maintenance = await RunMaintenance.OpenAsync(Run))
        {
            (await maintenance.PruneAsync(RetentionPolicy.KeepLast(1))).Succeeded.ShouldBeTrue();
        }

        await using (var resumed = await Open())
        {
            resumed.Resume.Step.ShouldBe(3);
            resumed.History.Records.Select(record => record.Step).ShouldBe([1L, 2L, 3L]);
            resumed.ResumedCheckpoint!.Manifest.HistoryLength.ShouldBe(3);
            resumed.ResumedCheckpoint.Manifest.Metrics["loss"].ShouldBe(1.0 / 3, "a checkpoint that sets no metrics takes those logged at its step");
        }

        var reader = await RunReader.OpenAsync(Run);
        (await reader.ReadHistoryAsync()).Count.ShouldBe(3);
    }

    [Fact]
    public async Task RunMaintenance_WhileATrainerHoldsTheRun_IsRefusedNamingIt()
    {
        await using var run = await Open();
        await run.SaveAsync(new CheckpointContent(1, 1).AddBytes("G", new byte[] { 1 }));

        var refusal = await Should.ThrowAsync<RunLockedException>(() => RunMaintenance.OpenAsync(Run));

        refusal.Message.ShouldContain("open for writing");
    }
}

using Ratchet.Storage.Local;
using Ratchet.Runs;

using Ratchet.TestSupport;

namespace Ratchet.Tests.Runs;

/// <summary>Guarantee 8: one writer per run, and a dead writer never blocks the next.</summary>
public sealed class RunLockTests : IDisposable
{
    private static readonly object Config = new { model = "test-child", hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OpenAsync_AnotherProcessHoldsRun_FailsNamingPidHostAndTime()
    {
        string run = _temp.Combine("run");
        using var child = ChildProcess.Start("hold-lock", run);
        await child.WaitForLineAsync("locked");

        var error = await Should.ThrowAsync<RunLockedException>(() => TrainingRun.OpenAsync(run, Config));

        error.Holder.ShouldNotBeNull();
        error.Holder.ProcessId.ShouldBe(child.Id);
        error.Holder.Host.ShouldBe(Environment.MachineName);
        error.Message.ShouldContain($"pid {child.Id} on {Environment.MachineName} since ");
        RunLock.Probe(run).Held.ShouldBeTrue();
    }

    [Fact]
    public async Task OpenAsync_HolderWasKilled_NextOpenSucceeds()
    {
        string run = _temp.Combine("run");
        using (var child = ChildProcess.Start("hold-lock", run))
        {
            await child.WaitForLineAsync("locked");
            child.KillHard();
        }

        RunLock.Probe(run).Held.ShouldBeFalse();
        await using var training = await TrainingRun.OpenAsync(run, Config);
        training.Resume.Kind.ShouldBe(Ratchet.Checkpoints.ResumeKind.FreshStart);
    }

    [Fact]
    public async Task DisposeAsync_ReleasesLockForTheNextWriter()
    {
        string run = _temp.Combine("run");
        await (await TrainingRun.OpenAsync(run, Config, new TrainingRunOptions { HandleStopSignals = false })).DisposeAsync();

        await using var again = await TrainingRun.OpenAsync(run, Config, new TrainingRunOptions { HandleStopSignals = false });
        again.Signature.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task OpenAsync_LockFileDeletedWhileHeld_SecondWriterStillRefused()
    {
        string run = _temp.Combine("run");
        using var child = ChildProcess.Start("hold-lock", run);
        await child.WaitForLineAsync("locked");

        File.Delete(Path.Combine(run, RunLock.FileName));

        await Should.ThrowAsync<RunLockedException>(() => TrainingRun.OpenAsync(run, Config, new TrainingRunOptions { HandleStopSignals = false }));
    }

    [Fact]
    public async Task OpenAsync_PreviousHolderKilledAndNewOneLive_ErrorNamesTheLiveHolder()
    {
        string run = _temp.Combine("run");
        for (int attempt = 0; attempt < 5; attempt++)
        {
            using (var dead = ChildProcess.Start("hold-lock", run))
            {
                await dead.WaitForLineAsync("locked");
                dead.KillHard();
            }

            using var live = ChildProcess.Start("hold-lock", run);
            await live.WaitForLineAsync("locked");

            var error = await Should.ThrowAsync<RunLockedException>(() => TrainingRun.OpenAsync(run, Config, new TrainingRunOptions { HandleStopSignals = false }));

            error.Holder.ShouldNotBeNull().ProcessId.ShouldBe(live.Id);
            live.KillHard();
        }
    }

    [Fact]
    public async Task OpenAsync_StaleLockFileOfKilledHolder_ReplacedAndRemovedOnDispose()
    {
        string run = _temp.Combine("run");
        using (var dead = ChildProcess.Start("hold-lock", run))
        {
            await dead.WaitForLineAsync("locked");
            dead.KillHard();
        }

        string lockFile = Path.Combine(run, RunLock.FileName);
        File.Exists(lockFile).ShouldBeTrue();
        await using (var training = await TrainingRun.OpenAsync(run, Config, new TrainingRunOptions { HandleStopSignals = false }))
        {
            File.ReadAllText(lockFile).ShouldContain($"\"pid\":{Environment.ProcessId}");
        }

        File.Exists(lockFile).ShouldBeFalse();
    }
}

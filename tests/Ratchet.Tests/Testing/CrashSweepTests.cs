using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

public sealed class CrashSweepTests
{
    [Fact]
    public async Task RunAsync_CorrectAtomicReplace_PassesAtEveryCrashPoint()
    {
        var initial = WithRuns();
        initial.WriteAllBytes("/runs/file", Bytes(3));
        var returned = false;

        var report = await CrashSweep.RunAsync(
            initial,
            scenario: async fs =>
            {
                returned = false;
                await AtomicWriteAsync(fs, "/runs/file", Bytes(5, seed: 1));
                returned = true;
            },
            check: (crashed, point) =>
            {
                var content = crashed.ReadAllBytes("/runs/file");
                if (returned)
                {
                    content.ShouldBe(Bytes(5, seed: 1));
                }
                else
                {
                    new[] { Bytes(3), Bytes(5, seed: 1) }.ShouldContain(old => old.SequenceEqual(content));
                }
            },
            subsetsPerPoint: 16,
            seed: 42);

        // Nothing is volatile before the first operation and after the last: one state each. The four
        // points between check the durable-only, the all-applied and 16 random states.
        report.TotalOperations.ShouldBe(5);
        report.CrashStatesChecked.ShouldBe(1 + (4 * (2 + 16)) + 1);
    }

    [Fact]
    public async Task RunAsync_ReplaceWithoutDirectorySync_IsCaughtAfterTheScenarioReturned()
    {
        var initial = WithRuns();
        initial.WriteAllBytes("/runs/file", Bytes(3));

        var failure = await Should.ThrowAsync<CrashSweepException>(() => CrashSweep.RunAsync(
            initial,
            scenario: fs => AtomicWriteAsync(fs, "/runs/file", Bytes(5, seed: 1), syncDirectory: false),
            check: (crashed, point) =>
            {
                if (point.ScenarioCompleted)
                {
                    crashed.ReadAllBytes("/runs/file").ShouldBe(Bytes(5, seed: 1));
                }
            }));

        failure.Point!.ScenarioCompleted.ShouldBeTrue();
        failure.Point.State.ShouldBe(CrashState.DurableOnly);
        failure.Message.ShouldContain("after the scenario's last operation (4)");
    }

    [Fact]
    public async Task RunAsync_RenameBeforeFileSync_IsCaughtAsATornOrEmptyFile()
    {
        var initial = WithRuns();
        initial.WriteAllBytes("/runs/file", Bytes(3));

        var failure = await Should.ThrowAsync<CrashSweepException>(() => CrashSweep.RunAsync(
            initial,
            scenario: fs => AtomicWriteAsync(fs, "/runs/file", Bytes(5, seed: 1), syncFile: false),
            check: (crashed, point) =>
                new[] { Bytes(3), Bytes(5, seed: 1) }.ShouldContain(whole => whole.SequenceEqual(crashed.ReadAllBytes("/runs/file")))));

        failure.Point!.OperationsCompleted.ShouldBeGreaterThanOrEqualTo(3, "the damage needs the rename");
        failure.InnerException.ShouldBeOfType<ShouldAssertException>();
    }

    [Fact]
    public async Task RunAsync_RandomStates_AreReproducibleFromTheReportedSeed()
    {
        var initial = WithRuns();
        var seen = new List<(CrashPoint Point, string[] Paths)>();

        await CrashSweep.RunAsync(
            initial,
            scenario: async fs =>
            {
                fs.CreateDirectory("/runs/c");
                await AtomicWriteAsync(fs, "/runs/c/file", Bytes(2), syncDirectory: false);
            },
            check: (crashed, point) => seen.Add((point, [.. crashed.GetAllPaths()])),
            subsetsPerPoint: 4,
            seed: 7);

        var (randomPoint, paths) = seen.Last(item => item.Point is { State: CrashState.Random, ScenarioCompleted: false });
        var again = WithRuns();
        again.HaltAfter(again.OperationCount + randomPoint.OperationsCompleted);
        await Should.ThrowAsync<SimulatedCrashException>(async () =>
        {
            again.CreateDirectory("/runs/c");
            await AtomicWriteAsync(again, "/runs/c/file", Bytes(2), syncDirectory: false);
        });
        again.CrashNow(new Random(randomPoint.Seed)).GetAllPaths().ShouldBe(paths);
    }

    [Fact]
    public async Task RunAsync_NothingVolatileAtAPoint_ChecksOneState()
    {
        var states = 0;

        var report = await CrashSweep.RunAsync(
            WithRuns(),
            scenario: fs =>
            {
                fs.CreateDirectory("/runs/a");
                fs.SyncDirectory("/runs");
                return Task.CompletedTask;
            },
            check: (_, _) => states++,
            subsetsPerPoint: 8);

        // Points 0 and 2 have nothing volatile (one state each); point 1 has the unsynced mkdir (2 + 8).
        report.CrashStatesChecked.ShouldBe(12);
        states.ShouldBe(12);
    }

    [Fact]
    public async Task RunAsync_NondeterministicScenario_IsRefused()
    {
        var runs = 0;

        var error = await Should.ThrowAsync<InvalidOperationException>(() => CrashSweep.RunAsync(
            WithRuns(),
            scenario: fs =>
            {
                if (runs++ % 2 == 0)
                {
                    fs.CreateDirectory("/runs/a");
                }

                fs.SyncDirectory("/runs");
                return Task.CompletedTask;
            },
            check: (_, _) => { }));

        error.Message.ShouldContain("deterministic");
    }

    [Fact]
    public async Task RunAsync_ScenarioSwallowingTheCrash_StillStopsAtThePoint()
    {
        var report = await CrashSweep.RunAsync(
            WithRuns(),
            scenario: async fs =>
            {
                try
                {
                    await AtomicWriteAsync(fs, "/runs/file", Bytes(2));
                }
                catch (SimulatedCrashException)
                {
                    fs.CreateDirectory("/runs/cleanup"); // throws too: the machine is down
                }
            },
            check: (crashed, _) => crashed.Exists("/runs/cleanup").ShouldBeFalse());

        report.TotalOperations.ShouldBe(5);
    }

    [Fact]
    public async Task RunAsync_InitialState_IsLeftUntouched()
    {
        var initial = WithRuns();

        await CrashSweep.RunAsync(initial, fs => AtomicWriteAsync(fs, "/runs/file", Bytes(2)), (_, _) => { });

        initial.GetAllPaths().ShouldBe(["/runs"]);
        initial.IsHalted.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_AsyncCheck_IsAwaited()
    {
        var checks = 0;

        await CrashSweep.RunAsync(
            WithRuns(),
            scenario: fs => WriteDurableAsync(fs, "/runs/a", Bytes(1)),
            check: async (crashed, _) =>
            {
                await Task.Yield();
                using var stream = crashed.GetEntry("/runs/a") is null ? Stream.Null : crashed.OpenRead("/runs/a");
                Interlocked.Increment(ref checks);
            },
            subsetsPerPoint: 1);

        checks.ShouldBeGreaterThan(0);
    }
}

using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

/// <summary>
/// Exhaustive crash testing in one call: runs a scenario once to count its operations, then once per crash
/// point i = 0..count with the machine crashing after operation i, and checks every crashed state: the
/// durable-only one, the all-applied one and <c>subsetsPerPoint</c> random ones.
/// </summary>
/// <remarks>
/// The scenario must do the same operations on every run (names may differ, kinds may not); it is told
/// apart from a nondeterministic one and refused. It stops at the crash point because every operation from
/// there on throws <see cref="SimulatedCrashException"/>. The scenario and the check run one after the other
/// for each point, so a variable the scenario sets (how many saves returned, say) is visible to the check.
/// </remarks>
public static class CrashSweep
{
    /// <summary>Runs the sweep with an asynchronous check.</summary>
    /// <param name="initial">The state every run starts from, taken as fully durable; it is not modified.</param>
    /// <param name="scenario">The code under test, given a fresh file system each run.</param>
    /// <param name="check">Asserts what must hold in a crashed state; any exception fails the sweep.</param>
    /// <param name="subsetsPerPoint">Random crash states checked per crash point.</param>
    /// <param name="seed">Makes the random states reproducible.</param>
    /// <param name="crashOptions">How unsynced writes tear; <see cref="CrashOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the sweep between runs.</param>
    /// <returns>What was covered.</returns>
    /// <exception cref="CrashSweepException">A check failed; the message names the crash point and state.</exception>
    public static async Task<CrashSweepReport> RunAsync(
        CrashSimulatingFileSystem initial,
        Func<IFileSystem, Task> scenario,
        Func<CrashSimulatingFileSystem, CrashPoint, Task> check,
        int subsetsPerPoint = 8,
        int seed = 0,
        CrashOptions? crashOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentOutOfRangeException.ThrowIfNegative(subsetsPerPoint);
        crashOptions ??= CrashOptions.Default;
        crashOptions.Validate();

        var reference = initial.CopyCurrentState();
        await scenario(reference).ConfigureAwait(false);
        var operations = reference.Operations;
        var statesChecked = 0;
        for (var completed = 0; completed <= operations.Count; completed++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var halted = await RunUntilCrashAsync(initial, scenario, completed, operations).ConfigureAwait(false);
            foreach (var (point, crashed) in States(halted, completed, operations, subsetsPerPoint, seed, crashOptions))
            {
                try
                {
                    await check(crashed, point).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    throw new CrashSweepException(point, exception);
                }

                statesChecked++;
            }
        }

        return new CrashSweepReport(operations.Count, statesChecked);
    }

    /// <summary>Runs the sweep with a synchronous check; see the asynchronous overload.</summary>
    /// <param name="initial">The state every run starts from, taken as fully durable; it is not modified.</param>
    /// <param name="scenario">The code under test, given a fresh file system each run.</param>
    /// <param name="check">Asserts what must hold in a crashed state; any exception fails the sweep.</param>
    /// <param name="subsetsPerPoint">Random crash states checked per crash point.</param>
    /// <param name="seed">Makes the random states reproducible.</param>
    /// <param name="crashOptions">How unsynced writes tear; <see cref="CrashOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the sweep between runs.</param>
    /// <returns>What was covered.</returns>
    /// <exception cref="CrashSweepException">A check failed; the message names the crash point and state.</exception>
    public static Task<CrashSweepReport> RunAsync(
        CrashSimulatingFileSystem initial,
        Func<IFileSystem, Task> scenario,
        Action<CrashSimulatingFileSystem, CrashPoint> check,
        int subsetsPerPoint = 8,
        int seed = 0,
        CrashOptions? crashOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        return RunAsync(
            initial,
            scenario,
            (crashed, point) =>
            {
                check(crashed, point);
                return Task.CompletedTask;
            },
            subsetsPerPoint,
            seed,
            crashOptions,
            cancellationToken);
    }

    private static async Task<CrashSimulatingFileSystem> RunUntilCrashAsync(
        CrashSimulatingFileSystem initial,
        Func<IFileSystem, Task> scenario,
        int completed,
        IReadOnlyList<FileSystemOperation> reference)
    {
        var fs = initial.CopyCurrentState();
        fs.HaltAfter(completed);
        try
        {
            await scenario(fs).ConfigureAwait(false);
        }
        catch (Exception exception) when (!fs.IsHalted)
        {
            throw new InvalidOperationException(
                $"The scenario failed before the crash armed after operation {completed} of {reference.Count}, though it ran through on the first run. A crash sweep needs a deterministic scenario.",
                exception);
        }
        catch (Exception) when (fs.IsHalted)
        {
            // The simulated crash, or what the scenario made of it: either way it stopped there.
        }

        var operations = fs.Operations;
        var mismatch = Enumerable.Range(0, operations.Count).FirstOrDefault(i => operations[i].Kind != reference[i].Kind, -1);
        if (operations.Count != completed || mismatch >= 0)
        {
            var detail = mismatch >= 0
                ? $"operation {mismatch + 1} was {reference[mismatch]} on the first run and {operations[mismatch]} on this one"
                : $"it stopped after {operations.Count} operations";
            throw new InvalidOperationException(
                $"The scenario did not repeat its operations on the run crashing after operation {completed}: {detail}. A crash sweep needs a deterministic scenario.");
        }

        return fs;
    }

    private static IEnumerable<(CrashPoint Point, CrashSimulatingFileSystem Crashed)> States(
        CrashSimulatingFileSystem halted,
        int completed,
        IReadOnlyList<FileSystemOperation> operations,
        int subsetsPerPoint,
        int seed,
        CrashOptions options)
    {
        CrashPoint Point(CrashState state, int stateSeed) => new(
            completed,
            operations.Count,
            completed > 0 ? operations[completed - 1] : null,
            completed < operations.Count ? operations[completed] : null,
            state,
            stateSeed);

        var volatileState = halted.HasUnsyncedChanges;
        yield return (Point(CrashState.DurableOnly, 0), halted.CrashNowDurableOnly());
        if (!volatileState)
        {
            yield break; // every outcome would be the same
        }

        yield return (Point(CrashState.AllApplied, 0), halted.CrashNowAllApplied());
        for (var subset = 0; subset < subsetsPerPoint; subset++)
        {
            var stateSeed = StateSeed(seed, completed, subset);
            yield return (Point(CrashState.Random, stateSeed), halted.CrashNow(new Random(stateSeed), options));
        }
    }

    private static int StateSeed(int seed, int point, int subset)
    {
        unchecked
        {
            var hash = (uint)seed;
            hash = (hash * 2654435761u) ^ (uint)point;
            hash = (hash * 2654435761u) ^ (uint)subset;
            return (int)(hash & int.MaxValue);
        }
    }
}

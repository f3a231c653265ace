using Ratchet.Storage.Local;
using Ratchet.Runs;

namespace Ratchet.Cli.Tests;

/// <summary>Read commands (and a dry-run prune) take no lock and change nothing, so they are safe while training runs: not even the
/// debris a writer would sweep, a torn history line or a stale lock file.</summary>
public sealed class ReadOnlyTests : IDisposable
{
    private static readonly string[][] ReadCommands =
    [
        ["status"], ["list"], ["list", "--full"], ["list", "--json"], ["verify"], ["verify", "--json"], ["verify", "--step", "200"],
        ["history"], ["history", "--json", "--tail", "1"], ["config"], ["prune", "--dry-run", "--keep-last", "1", "--remove-damaged"],
    ];

    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadCommands_LeaveTheRunByteForByteUnchanged_DebrisIncluded(bool writerHoldsTheRun)
    {
        string run = await _runs.DamagedAsync();
        await using var writer = writerHoldsTheRun ? await RunFixture.HoldOpenAsync(run) : null;
        PlantDebris(run);
        var before = RunSnapshot.Take(run);

        foreach (string[] command in ReadCommands)
        {
            var result = await Cli.RunAsync([command[0], run, .. command[1..]]);
            result.ExitCode.ShouldBeOneOf([0, 3], result.ToString());
        }

        RunSnapshot.Take(run).ShouldBeUnchangedFrom(before);

        (await (await RunReader.OpenAsync(run)).ProbeLockAsync()).Held.ShouldBe(writerHoldsTheRun);
    }

    /// <summary>Everything a writer's open would sweep or repair.</summary>
    private static void PlantDebris(string run)
    {
        string pending = Path.Combine(run, "checkpoints", ".pending-400-0123456789abcdef");
        Directory.CreateDirectory(pending);
        File.WriteAllBytes(Path.Combine(pending, "G.bin"), RunFixture.Payload(400, 777));
        string trash = Path.Combine(run, "checkpoints", ".trash-step-0000000050-fedcba9876543210");
        Directory.CreateDirectory(trash);
        File.WriteAllText(Path.Combine(trash, "manifest.json"), "{}");
        File.WriteAllText(Path.Combine(run, "run.json.tmp-0123456789abcdef"), "{\"format\":");
        File.AppendAllText(Path.Combine(run, "history.jsonl"), "{\"step\":400,\"ep");
    }
}

using Ratchet;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace ShardedTraining.Tests;

/// <summary>Uninterrupted runs: the same seed gives the same final rows, a sharded checkpoint every epoch, and a rerun
/// with another world size is refused without changing anything.</summary>
public sealed class RunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AnUninterruptedRun_SavesEveryEpochSharded_AndPrintsTheChecksumOfItsFinalRows()
    {
        string run = _temp.Combine("run");
        var (exitCode, launch) = await Launch.RunAsync(run, null, "--epochs", "4", "--seed", "3");
        using (launch)
        {
            exitCode.ShouldBe(ExitCodes.Ok, launch.Transcript);
            launch.Output.ShouldContain(line => line.StartsWith("done: epoch 4, step 32, 4 ranks; sha256 of the final rows: ", StringComparison.Ordinal), launch.Transcript);
            launch.Checksum().ShouldBe(await ChecksumAsync(run), "the launcher's checksum is not that of the final checkpoint's rows");
        }

        var statuses = await (await RunReader.OpenAsync(run)).ListAsync(VerificationLevel.Full);
        statuses.Select(status => (status.Step, status.State, status.Manifest!.Epoch, status.Manifest.Shards!.WorldSize))
            .ShouldBe([(32L, CheckpointState.Intact, 4L, 4), (24L, CheckpointState.Intact, 3L, 4), (16L, CheckpointState.Intact, 2L, 4), (8L, CheckpointState.Intact, 1L, 4)]);

        // Another seed trains other rows.
        (await ReferenceRun.ChecksumAsync(seed: 4, epochs: 4)).ShouldNotBe(launch.Checksum());
    }

    [Fact]
    public async Task ARerunWithAnotherWorldSize_IsRefusedInOneLine_AndChangesNothing()
    {
        string run = _temp.Combine("run");
        var (exitCode, first) = await Launch.RunAsync(run, null, "--epochs", "3");
        first.Dispose();
        exitCode.ShouldBe(ExitCodes.Ok, first.Transcript);
        var before = Snapshot(run);

        foreach (string worldSize in new[] { "2", "8" })
        {
            var (refusedCode, refused) = await Launch.RunAsync(run, null, "--epochs", "5", "--world-size", worldSize);
            using (refused)
            {
                refusedCode.ShouldBe(ExitCodes.For(new ShardedRunException("")), refused.Transcript);
                string line = refused.Errors.ShouldHaveSingleItem(refused.Transcript);
                line.ShouldStartWith("error: ");
                line.ShouldContain($"was saved by 4 rank(s) (checkpoint step 24), not {worldSize}: run again with --world-size 4");
                refused.Output.ShouldBeEmpty(refused.Transcript);
            }

            Snapshot(run).ShouldBe(before, $"--world-size {worldSize} changed the run");
        }

        // ... and the run still resumes with its own world size.
        var (resumedCode, resumed) = await Launch.RunAsync(run, null, "--epochs", "4");
        using (resumed)
        {
            resumedCode.ShouldBe(ExitCodes.Ok, resumed.Transcript);
            resumed.ResumedEpoch().ShouldBe(3);
        }
    }

    /// <summary>Every file of the run (path and bytes), checkpoints, history and run.json included.</summary>
    private static List<(string Path, string Sha)> Snapshot(string run) =>
        [.. Directory.GetFiles(run, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(file => (Path.GetRelativePath(run, file), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))))];

    /// <summary>The SHA-256 over every rank's rows of the newest checkpoint, read independently of the launcher.</summary>
    internal static async Task<string> ChecksumAsync(string run)
    {
        var reader = await RunReader.OpenAsync(run);
        var newest = (await reader.ListAsync())[0];
        var checkpoint = await reader.OpenCheckpointAsync(newest.Step!.Value);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        for (int rank = 0; rank < checkpoint.Manifest.Shards!.WorldSize; rank++)
        {
            sha.AppendData(await checkpoint.ForRank(rank).ReadBytesAsync("rows"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

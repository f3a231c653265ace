using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// Item 4: a generated corpus of damaged and malicious checkpoints, each put in place of the newest checkpoint of a
/// real run. Every one must be detected and reported (guarantees 3, 4, 5 and 9), none loaded, and nothing outside the
/// run read or written: every path the library is given is recorded and checked, links included.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class HostileCorpusTests
{
    [Fact]
    public async Task OpenAsync_IntactWorkspace_ResumesTheNewestAndStaysInsideTheRun()
    {
        using var workspace = await HostileWorkspace.CreateAsync();
        var fs = new RecordingFileSystem();

        await using (var run = await OpenAsync(workspace, fs, new RecordingLogger()))
        {
            run.Resume.Step.ShouldBe(2, "the corpus is only meaningful if the intact victim would be chosen");
            (await run.Checkpoints.OpenAsync(2)).Manifest.Parts.Count.ShouldBe(HostileWorkspace.VictimFiles.Length - 1);
        }

        fs.Calls.ShouldContain(call => call.Call == nameof(RecordingFileSystem.OpenRead) && call.Path.EndsWith("G.bin", StringComparison.Ordinal));
        OutsideTheRun(fs, workspace).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenAsync_EveryDamagedOrMaliciousCheckpoint_IsDetectedReportedAndNeverLoaded()
    {
        using var workspace = await HostileWorkspace.CreateAsync();
        var corpus = HostileCorpus.Generate(SweepSize.Current.FlipsPerFile).ToList();
        var violations = new List<string>();

        foreach (var group in corpus.GroupBy(item => item.Class))
        {
            int found = 0;
            foreach (var item in group)
            {
                if (await CheckAsync(workspace, item) is { } violation)
                {
                    found++;
                    violations.Add($"{item.Name}: {violation}");
                }
            }

            ReliabilityLedger.Record(group.Key, group.Count(), found);
        }

        violations.ShouldBeEmpty();
        corpus.Select(item => item.Class).Distinct().Count().ShouldBe(5);
    }

    private static Task<TrainingRun> OpenAsync(HostileWorkspace workspace, RecordingFileSystem fs, RecordingLogger logger) =>
        TrainingRun.OpenAsync(workspace.Run, HostileWorkspace.Config, new TrainingRunOptions { FileSystem = fs, HandleStopSignals = false, Logger = logger });

    private static async Task<string?> CheckAsync(HostileWorkspace workspace, HostileCase item)
    {
        workspace.Restore();
        item.Damage(workspace);
        var outsideBefore = Snapshot(workspace.Outside);
        var fs = new RecordingFileSystem();
        var logger = new RecordingLogger();
        var problems = new List<string>();
        try
        {
            await using var run = await OpenAsync(workspace, fs, logger);
            problems.AddRange(await CheckRunAsync(workspace, item, run, logger));
        }
        catch (Exception e)
        {
            problems.Add($"opening the run threw {e.GetType().Name}: {e.Message}");
        }

        problems.AddRange(OutsideTheRun(fs, workspace).Select(call => $"{call.Call} was given '{call.Path}', outside the run or through a link"));
        if (!Snapshot(workspace.Outside).SequenceEqual(outsideBefore))
        {
            problems.Add("a file outside the run changed");
        }

        return problems.Count == 0 ? null : string.Join(" | ", problems);
    }

    private static async Task<List<string>> CheckRunAsync(HostileWorkspace workspace, HostileCase item, TrainingRun run, RecordingLogger logger)
    {
        var problems = new List<string>();
        if (run.Resume.Step != 1)
        {
            problems.Add($"the run resumed from step {run.Resume.Step?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, not from the intact step 1");
        }

        string victim = Ratchet.Storage.RunLayout.CheckpointName(2);
        if (!logger.At(LogLevel.Warning).Any(line => line.Contains(victim, StringComparison.Ordinal)))
        {
            problems.Add("no warning names the damaged checkpoint");
        }

        var status = await run.Checkpoints.InspectAsync(Path.GetFileName(workspace.Victim), VerificationLevel.Full);
        if (status.State != CheckpointState.Damaged)
        {
            problems.Add($"full verification called it {status.State}");
        }
        else if (!status.Problems.Any(problem => problem.Contains(item.Expected, StringComparison.Ordinal)))
        {
            problems.Add($"no reported problem mentions '{item.Expected}': {string.Join(" ", status.Problems)}");
        }

        try
        {
            await run.Checkpoints.OpenAsync(2);
            problems.Add("OpenAsync(2) opened it");
        }
        catch (RatchetException)
        {
        }

        problems.AddRange(await ReadDamagedBytesAsync(workspace, run));
        return problems;
    }

    /// <summary>A checkpoint that passes the fast checks (its manifest is sound) may still have altered content: reading
    /// any part must then fail, or return exactly the intact bytes.</summary>
    private static async Task<List<string>> ReadDamagedBytesAsync(HostileWorkspace workspace, TrainingRun run)
    {
        var problems = new List<string>();
        var fast = await run.Checkpoints.InspectAsync(Path.GetFileName(workspace.Victim), VerificationLevel.Fast);
        if (!fast.PassedChecks)
        {
            return problems;
        }

        var checkpoint = run.Checkpoints.Open(fast);
        foreach (var part in fast.Manifest!.Parts)
        {
            try
            {
                byte[] bytes = await checkpoint.ReadBytesAsync(part.Name);
                if (!bytes.AsSpan().SequenceEqual(File.ReadAllBytes(workspace.PristineFile(part.File))))
                {
                    problems.Add($"reading part '{part.Name}' returned damaged bytes");
                }
            }
            catch (CheckpointCorruptException)
            {
            }
        }

        return problems;
    }

    private static List<(string Call, string Path)> OutsideTheRun(RecordingFileSystem fs, HostileWorkspace workspace) =>
        [.. fs.Calls.Where(call => !IsInside(call.Path, workspace.Run) || (call.Call != nameof(RecordingFileSystem.GetEntry) && ThroughLink(call.Path, workspace.Run)))];

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !path.Split(Path.DirectorySeparatorChar).Contains("..");

    /// <summary>Whether reaching the path means following a symbolic link (its own final link included).</summary>
    private static bool ThroughLink(string path, string root)
    {
        string current = root;
        foreach (string part in Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Where(part => part is not ("" or ".")))
        {
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Snapshot(string directory) =>
        [.. new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .OrderBy(info => info.FullName, StringComparer.Ordinal)
            .Select(info => info is FileInfo file
                ? $"{file.FullName} {file.LastWriteTimeUtc.Ticks} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName)))}"
                : info.FullName)];
}

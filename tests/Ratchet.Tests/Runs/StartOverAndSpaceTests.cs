using Ratchet.Storage.Local;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage;

namespace Ratchet.Tests.Runs;

public sealed class StartOverAndSpaceTests : IDisposable
{
    private static readonly object Config = new { hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    [Fact]
    public async Task OpenAsync_AllDamagedWithoutStartOver_RefusesAndChangesNothing()
    {
        await using (var run = await TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false }))
        {
            await run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[10]));
        }

        File.WriteAllBytes(Path.Combine(Run, "checkpoints", "step-0000000001", "G.bin"), new byte[3]);

        await Should.ThrowAsync<NoUsableCheckpointException>(() => TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false }));
        Directory.Exists(Path.Combine(Run, "checkpoints", "step-0000000001")).ShouldBeTrue();
        Directory.Exists(Path.Combine(Run, "superseded")).ShouldBeFalse();
    }

    [Fact]
    public async Task OpenAsync_StartOver_SetsEverythingAsideAndStartsFresh()
    {
        await using (var run = await TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false }))
        {
            await run.LogAsync(1, 1, new Dictionary<string, double>());
            await run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[10]));
        }

        await using var fresh = await TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false, StartOver = true });

        fresh.Resume.Kind.ShouldBe(ResumeKind.FreshStart);
        fresh.History.Count.ShouldBe(0);
        var setAside = Directory.GetDirectories(Path.Combine(Run, "superseded")).Single();
        Directory.Exists(Path.Combine(setAside, "checkpoints", "step-0000000001")).ShouldBeTrue();
        File.Exists(Path.Combine(setAside, "history.jsonl")).ShouldBeTrue();
    }

    [Fact]
    public async Task SaveAsync_CheckpointCannotFit_RefusedBeforeWritingWithBothNumbers()
    {
        var disk = new LimitedSpaceFileSystem(freeBytes: 1 << 20);
        await using var run = await TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false, FileSystem = disk });
        await run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[600_000]));
        disk.FreeBytes = 300_000;

        var error = await Should.ThrowAsync<InsufficientSpaceException>(() => run.SaveAsync(new CheckpointContent(2).AddStream("G", new MemoryStream(new byte[400_000]))));

        error.Message.ShouldContain($"needs about {400_000 + (64 << 10)} bytes");
        error.Message.ShouldContain("only 300000 bytes are free");
        error.Message.ShouldContain("Nothing was written");
        Directory.GetFileSystemEntries(Path.Combine(Run, "checkpoints")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task SaveAsync_SmallerThanThePreviousCheckpointAndFits_EstimatedFromItsOwnParts()
    {
        var disk = new LimitedSpaceFileSystem(freeBytes: 1 << 20);
        await using var run = await TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false, FileSystem = disk });
        await run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[600_000]));
        disk.FreeBytes = 300_000;

        await run.SaveAsync(new CheckpointContent(2).AddBytes("G", new byte[100_000]));

        Directory.Exists(Path.Combine(Run, "checkpoints", "step-0000000002")).ShouldBeTrue();
    }

    [Fact]
    public async Task SaveAsync_StreamedPartOfUnknownLength_EstimatedFromTheSamePartOfThePreviousCheckpoint()
    {
        var disk = new LimitedSpaceFileSystem(freeBytes: 1 << 20);
        await using var run = await TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions { HandleStopSignals = false, FileSystem = disk });
        await run.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[600_000]));
        disk.FreeBytes = 300_000;

        var error = await Should.ThrowAsync<InsufficientSpaceException>(() => run.SaveAsync(
            new CheckpointContent(2).Add(CheckpointPart.FromWriter("G", PartKind.Bytes, (stream, ct) => stream.WriteAsync(new byte[10], ct).AsTask()))));

        error.Message.ShouldContain($"needs about {600_000 + (64 << 10)} bytes");
    }

    /// <summary>The real file system, reporting a chosen amount of free space (a nearly full disk).</summary>
    private sealed class LimitedSpaceFileSystem(long freeBytes) : IFileSystem
    {
        private readonly LocalFileSystem _real = LocalFileSystem.Instance;

        public long FreeBytes { get; set; } = freeBytes;

        public long GetAvailableSpace(string path) => FreeBytes;

        public IWritableFile CreateFile(string path) => _real.CreateFile(path);

        public IWritableFile OpenAppend(string path) => _real.OpenAppend(path);

        public Stream OpenRead(string path) => _real.OpenRead(path);

        public FileSystemEntry? GetEntry(string path) => _real.GetEntry(path);

        public IReadOnlyList<FileSystemEntry> List(string directory) => _real.List(directory);

        public void CreateDirectory(string path) => _real.CreateDirectory(path);

        public void Rename(string source, string destination, bool replace = false) => _real.Rename(source, destination, replace);

        public void DeleteFile(string path) => _real.DeleteFile(path);

        public void DeleteDirectory(string path) => _real.DeleteDirectory(path);

        public void SyncDirectory(string path) => _real.SyncDirectory(path);
    }
}

using System.Text;
using Ratchet.Storage;

namespace Ratchet.S3.Tests.Contract;

/// <summary>
/// What every <see cref="IRunStore"/> must do, run against each implementation: the local folder and the S3 store
/// give the same answers to the same calls. Each test gets a fresh, empty run location.
/// </summary>
public abstract class RunStoreContract : IAsyncLifetime
{
    // Over one multipart chunk, so an S3 part goes out as a multipart upload of two parts.
    protected const int LargePartLength = S3PartUpload.ChunkSize + 1_000_003;

    protected IRunStore Store { get; private set; } = null!;

    /// <summary>A new, empty run location for this test.</summary>
    protected abstract Task CreateLocationAsync();

    /// <summary>A new store instance on this test's location (another process would open its own).</summary>
    protected abstract IRunStore OpenStore();

    public async Task InitializeAsync()
    {
        await CreateLocationAsync();
        Store = OpenStore();
        await Store.CreateAsync(default);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListCheckpoints_NewRun_IsEmptyAndRunDoesNotExist()
    {
        (await Store.ListCheckpointsAsync(default)).ShouldBeEmpty();
        (await Store.ExistsAsync(default)).ShouldBeFalse();
        (await Store.ListDebrisAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Commit_SmallAndLargeParts_ListsTheCheckpointWithItsFiles()
    {
        byte[] small = Bytes.Random(100, seed: 1), large = Bytes.Random(LargePartLength, seed: 2);

        await CommitAsync(5, ("small.bin", small), ("large.bin", large));

        (await Store.ListCheckpointsAsync(default)).ShouldBe(["step-0000000005"]);
        (await Store.ExistsAsync(default)).ShouldBeTrue();
        var files = await Store.ListCheckpointFilesAsync("step-0000000005", default);
        files.Kind.ShouldBe(FileSystemEntryKind.Directory);
        files.Files.Select(file => (file.Name, file.Kind, file.Length)).OrderBy(file => file.Name, StringComparer.Ordinal).ShouldBe([
            ("large.bin", FileSystemEntryKind.File, (long)large.Length),
            ("manifest.json", FileSystemEntryKind.File, (long)Manifest(5).Length),
            ("small.bin", FileSystemEntryKind.File, 100L),
        ]);
        (await ReadCheckpointFileAsync("step-0000000005", "large.bin", 0)).ShouldBe(large);
        (await ReadCheckpointFileAsync("step-0000000005", "small.bin", 0)).ShouldBe(small);
    }

    [Fact]
    public async Task OpenCheckpointFile_FromAnOffset_ReadsFromThereToTheEnd()
    {
        byte[] large = Bytes.Random(LargePartLength, seed: 3);
        await CommitAsync(1, ("large.bin", large));

        (await ReadCheckpointFileAsync("step-0000000001", "large.bin", S3PartUpload.ChunkSize - 7)).ShouldBe(large[(S3PartUpload.ChunkSize - 7)..]);
        (await ReadCheckpointFileAsync("step-0000000001", "large.bin", large.Length)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListCheckpointFiles_MissingCheckpoint_HasNoKind()
    {
        var files = await Store.ListCheckpointFilesAsync("step-0000000009", default);

        files.Kind.ShouldBeNull();
        files.Files.ShouldBeEmpty();
    }

    [Fact]
    public async Task Commit_StepAlreadyCommitted_ConflictsAndKeepsTheFirst()
    {
        await CommitAsync(3, ("a.bin", Bytes.Random(10, seed: 4)));

        await Should.ThrowAsync<StoreConflictException>(() => CommitAsync(3, ("a.bin", Bytes.Random(10, seed: 5))));

        (await ReadCheckpointFileAsync("step-0000000003", "a.bin", 0)).ShouldBe(Bytes.Random(10, seed: 4));
        (await ReadCheckpointFileAsync("step-0000000003", "manifest.json", 0)).ShouldBe(Manifest(3));
    }

    [Fact]
    public async Task Stage_WithoutCommit_IsNotListed_IsDebrisToAnotherInstance_AndSweepRemovesIt()
    {
        var staging = await Store.StageCheckpointAsync(7, default);
        var part = await staging.CreatePartAsync("a.bin", default);
        await part.WriteAsync(Bytes.Random(1000, seed: 6), default);
        await part.CompleteAsync(default);

        var other = OpenStore();
        (await other.ListCheckpointsAsync(default)).ShouldBeEmpty();
        var debris = await other.ListDebrisAsync(default);
        debris.Count.ShouldBe(1);
        debris[0].IsUnfinishedSave.ShouldBeTrue();
        debris[0].Bytes.ShouldBe(1000);

        (await other.SweepDebrisAsync(default)).Count.ShouldBe(1);
        (await other.ListDebrisAsync(default)).ShouldBeEmpty();
        await staging.DisposeAsync();
        (await other.ListDebrisAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DisposeStaging_WithoutCommit_LeavesNothing()
    {
        await using (var staging = await Store.StageCheckpointAsync(2, default))
        {
            var small = await staging.CreatePartAsync("small.bin", default);
            await small.WriteAsync(Bytes.Random(10, seed: 7), default);
            var large = await staging.CreatePartAsync("large.bin", default);
            await large.WriteAsync(Bytes.Random(LargePartLength, seed: 8), default);
        }

        (await OpenStore().ListDebrisAsync(default)).ShouldBeEmpty();
        (await Store.ListCheckpointsAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Uncommit_HidesTheCheckpoint_AndRemoveUncommittedDeletesItsParts()
    {
        await CommitAsync(1, ("a.bin", Bytes.Random(10, seed: 9)));
        await CommitAsync(2, ("a.bin", Bytes.Random(10, seed: 10)));

        string handle = await Store.UncommitCheckpointAsync("step-0000000001", default);

        (await Store.ListCheckpointsAsync(default)).ShouldBe(["step-0000000002"]);
        (await OpenStore().ListDebrisAsync(default)).Count.ShouldBe(1);
        await Store.RemoveUncommittedAsync(handle, default);
        (await OpenStore().ListDebrisAsync(default)).ShouldBeEmpty();
        (await Store.ListCheckpointFilesAsync("step-0000000001", default)).Kind.ShouldBeNull();
        (await ReadCheckpointFileAsync("step-0000000002", "a.bin", 0)).ShouldBe(Bytes.Random(10, seed: 10));
    }

    [Fact]
    public async Task Uncommit_InterruptedBeforeRemoval_IsSweptAsDebris()
    {
        await CommitAsync(4, ("a.bin", Bytes.Random(10, seed: 11)));

        await Store.UncommitCheckpointAsync("step-0000000004", default);

        var other = OpenStore();
        (await other.SweepDebrisAsync(default)).Count.ShouldBe(1);
        (await other.ListDebrisAsync(default)).ShouldBeEmpty();
        (await other.ListCheckpointsAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunFiles_AppendCutTruncateReplace_ReadBackExactly()
    {
        (await Store.ReadFileAsync("history.jsonl", 1000, default)).ShouldBeNull();
        (await Store.GetFileLengthAsync("history.jsonl", default)).ShouldBeNull();
        (await Store.OpenFileAsync("history.jsonl", 0, default)).ShouldBeNull();

        await Store.AppendFileAsync("history.jsonl", null, [Utf8("one\n"), Utf8("two\n")], durable: true, default);
        await Store.AppendFileAsync("history.jsonl", null, [Utf8("three\n")], durable: true, default);
        (await ReadTextAsync("history.jsonl")).ShouldBe("one\ntwo\nthree\n");

        await Store.AppendFileAsync("history.jsonl", 8, [Utf8("four\n")], durable: true, default);
        (await ReadTextAsync("history.jsonl")).ShouldBe("one\ntwo\nfour\n");
        (await Store.GetFileLengthAsync("history.jsonl", default)).ShouldBe(13);

        await Store.TruncateFileAsync("history.jsonl", 4, default);
        (await ReadTextAsync("history.jsonl")).ShouldBe("one\n");

        await Store.ReplaceFileAsync("run.json", Utf8("{\"a\":1}"), durable: true, default);
        await Store.ReplaceFileAsync("run.json", Utf8("{\"a\":2}"), durable: true, default);
        (await ReadTextAsync("run.json")).ShouldBe("{\"a\":2}");
        (await Store.ExistsAsync(default)).ShouldBeTrue();

        await using var stream = (await Store.OpenFileAsync("run.json", 5, default))!;
        (await Bytes.ReadAllAsync(stream)).ShouldBe(Utf8("2}").ToArray());
    }

    [Fact]
    public async Task ReadFile_LongerThanAllowed_IsAFormatError()
    {
        await Store.ReplaceFileAsync("pins.json", new byte[100], durable: true, default);

        await Should.ThrowAsync<RatchetFormatException>(() => Store.ReadFileAsync("pins.json", 99, default));
    }

    [Fact]
    public async Task SetAside_CheckpointsAndHistory_LeaveTheTimelineButStayStored()
    {
        await CommitAsync(1, ("a.bin", Bytes.Random(10, seed: 12)));
        await CommitAsync(2, ("a.bin", Bytes.Random(10, seed: 13)));
        await Store.AppendFileAsync("history.jsonl", null, [Utf8("x\n")], durable: true, default);

        string? where = await Store.SetAsideAsync(["step-0000000001"], ["history.jsonl", "history.rolled-back.jsonl"], DateTimeOffset.UnixEpoch, default);

        where.ShouldNotBeNull();
        where.ShouldContain("superseded");
        (await Store.ListCheckpointsAsync(default)).ShouldBe(["step-0000000002"]);
        (await Store.ReadFileAsync("history.jsonl", 100, default)).ShouldBeNull();
        (await OpenStore().ListDebrisAsync(default)).ShouldBeEmpty();
        (await SetAsideContentAsync(where, "checkpoints/step-0000000001/a.bin")).ShouldBe(Bytes.Random(10, seed: 12));
        (await SetAsideContentAsync(where, "history.jsonl")).ShouldBe(Utf8("x\n").ToArray());
        (await Store.SetAsideAsync([], ["history.jsonl"], DateTimeOffset.UnixEpoch, default)).ShouldBeNull();
    }

    [Fact]
    public async Task WriterLock_Held_RefusesASecondWriterNamingTheHolder_UntilReleased()
    {
        var held = await Store.AcquireWriterLockAsync(TimeProvider.System, default);
        var other = OpenStore();

        var refused = await Should.ThrowAsync<RunLockedException>(() => other.AcquireWriterLockAsync(TimeProvider.System, default));
        refused.Holder.ShouldNotBeNull().ProcessId.ShouldBe(Environment.ProcessId);
        var probe = await other.ProbeWriterLockAsync(default);
        probe.Held.ShouldBeTrue();

        await held.DisposeAsync();
        (await other.ProbeWriterLockAsync(default)).Held.ShouldBeFalse();
        await using var second = await other.AcquireWriterLockAsync(TimeProvider.System, default);
        (await Store.ProbeWriterLockAsync(default)).Held.ShouldBeTrue();
    }

    [Fact]
    public async Task PinsLock_ReleasedLock_CanBeTakenAgain()
    {
        var first = await Store.AcquirePinsLockAsync(default);
        await first.DisposeAsync();

        await using var second = await OpenStore().AcquirePinsLockAsync(default);
    }

    /// <summary>The content of a file inside what <see cref="IRunStore.SetAsideAsync"/> returned.</summary>
    protected abstract Task<byte[]> SetAsideContentAsync(string setAside, string relative);

    protected static byte[] Manifest(long step) => Encoding.UTF8.GetBytes($"{{\"step\":{step}}}");

    protected async Task CommitAsync(long step, params (string File, byte[] Content)[] parts)
    {
        await using var staging = await Store.StageCheckpointAsync(step, default);
        var written = new List<IStagedPart>();
        foreach (var (file, content) in parts)
        {
            var part = await staging.CreatePartAsync(file, default);
            await part.WriteAsync(content, default);
            written.Add(part);
        }

        foreach (var part in written)
        {
            await part.CompleteAsync(default);
        }

        await staging.CommitAsync(RunLayout.CheckpointName(step), RunLayout.ManifestFile, Manifest(step), default);
    }

    protected async Task<byte[]> ReadCheckpointFileAsync(string checkpoint, string file, long offset)
    {
        await using var stream = await Store.OpenCheckpointFileAsync(checkpoint, file, offset, default);
        return await Bytes.ReadAllAsync(stream);
    }

    private async Task<string> ReadTextAsync(string name) => Encoding.UTF8.GetString((await Store.ReadFileAsync(name, 1 << 20, default))!);

    private static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

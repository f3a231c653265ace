using Ratchet.Storage.Local;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage;
using Ratchet.Testing;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// Item 3, full disk: a real 8 MiB tmpfs fills up (or, where mounting is refused, a simulated 8 MiB volume does).
/// The save fails with an error that says the disk is full, every committed checkpoint stays intact, no pending
/// save is left behind, and the next start resumes and can save again once there is room.
/// </summary>
[Collection(ReliabilitySuite.Name)]
public sealed class FullDiskTests(SmallVolume volume) : IClassFixture<SmallVolume>
{
    private static readonly object Config = new { model = "full-disk" };

    [Fact]
    public async Task SaveAsync_SizeUnknownAndLargerThanTheDisk_FailsSayingSoAndTheNextStartResumes()
    {
        var (fs, root) = Volume("unknown-size");

        // Given a run with a committed checkpoint of 1 MiB on an 8 MiB volume
        await using (var run = await OpenAsync(fs, root))
        {
            await CommitAsync(run, 1);
            await run.LogAsync(2, 2, new Dictionary<string, double> { ["loss"] = 0.5 });

            // When a save whose size cannot be known in advance outgrows the disk
            var error = await Should.ThrowAsync<CheckpointSaveException>(() =>
                run.SaveAsync(new CheckpointContent(2, 2).AddStream("G", new UnknownLengthStream(2 * SmallVolume.Size))));

            // Then it fails saying where and that the disk is full, and leaves only the committed checkpoint
            error.Message.ShouldContain("No space left on device");
            error.Message.ShouldContain("The disk is full");
            error.Message.ShouldContain("step 2");
            CheckpointNames(fs, root).ShouldBe(["step-0000000001"]);
        }

        // And the next start resumes from the intact checkpoint and saves again
        await using (var run = await OpenAsync(fs, root))
        {
            run.Resume.Step.ShouldBe(1);
            run.Resume.Chosen!.State.ShouldBe(CheckpointState.Intact);
            run.History.Count.ShouldBe(1);
            await CommitAsync(run, 2);
            (await run.Checkpoints.ListAsync(VerificationLevel.Full)).Select(status => status.State).ShouldBe([CheckpointState.Intact, CheckpointState.Intact]);
        }

        ReliabilityLedger.Record(FaultClass.RealFullDisk, 1);
    }

    [Fact]
    public async Task SaveAsync_KnownSizeLargerThanTheFreeSpace_RefusedBeforeWritingAnything()
    {
        var (fs, root) = Volume("known-size");
        await using var run = await OpenAsync(fs, root);
        await CommitAsync(run, 1);
        long free = fs.GetAvailableSpace(root);

        var error = await Should.ThrowAsync<InsufficientSpaceException>(() =>
            run.SaveAsync(new CheckpointContent(2, 2).AddBytes("G", new byte[2 * SmallVolume.Size])));

        error.Message.ShouldContain("Nothing was written");
        error.AvailableBytes.ShouldBeLessThan(error.RequiredBytes);
        fs.GetAvailableSpace(root).ShouldBe(free);
        CheckpointNames(fs, root).ShouldBe(["step-0000000001"]);
        (await run.Checkpoints.ListAsync(VerificationLevel.Full)).Single().State.ShouldBe(CheckpointState.Intact);
        ReliabilityLedger.Record(FaultClass.RealFullDisk, 1);
    }

    private (IFileSystem FileSystem, string Root) Volume(string name)
    {
        if (volume.Mounted)
        {
            ReliabilityLedger.Note("full-disk", "Full disk: a real 8 MiB tmpfs was mounted for these cases.");
            return (LocalFileSystem.Instance, Path.Combine(volume.Path, name));
        }

        ReliabilityLedger.Note("full-disk", $"Full disk: mounting a tmpfs was refused ({volume.Refusal}); a simulated 8 MiB volume stood in, failing with the same ENOSPC.");
        var simulated = new CrashSimulatingFileSystem(SmallVolume.Size);
        simulated.CreateDirectory("/volume");
        simulated.SyncDirectory("/");
        return (simulated, $"/volume/{name}");
    }

    private static Task<TrainingRun> OpenAsync(IFileSystem fs, string root) =>
        TrainingRun.OpenAsync(root, Config, new TrainingRunOptions { FileSystem = fs, HandleStopSignals = false });

    private static async Task CommitAsync(TrainingRun run, long step)
    {
        await run.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });
        await run.SaveAsync(new CheckpointContent(step, step).AddBytes("G", SimulatedRun.Payload(step, 1 << 20)));
    }

    private static List<string> CheckpointNames(IFileSystem fs, string root) =>
        [.. fs.List(Path.Combine(root, "checkpoints")).Select(entry => entry.Name).Order(StringComparer.Ordinal)];
}

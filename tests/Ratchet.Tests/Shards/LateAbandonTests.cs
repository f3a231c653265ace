using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage;
using Ratchet.Storage.Local;
using Ratchet.Testing;

namespace Ratchet.Tests.Shards;

/// <summary>
/// A commit whose manifest landed but which then reported a failure (a put cancelled or cut off in flight) must not make
/// rank 0 abandon the save: where the staging area is the checkpoint itself, as on S3, the abandon marker would land inside
/// the committed checkpoint and make it damaged. The store here stages like S3 does: after the commit, the staging area
/// and the checkpoint are one place.
/// </summary>
public sealed class LateAbandonTests : IDisposable
{
    private const string Session = "0123456789abcdef0123456789abcdef";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ACommitThatLandedAndThenFailed_NeverPutsAnAbandonMarkerIntoTheCheckpoint()
    {
        string run = _temp.Combine("run");
        var manager = new CheckpointManager(new StagingIsTheCheckpoint(new LocalRunStore(run, LocalFileSystem.Instance)));
        manager.UseShards(new ShardContext(0, 1, Session, TimeSpan.FromSeconds(30)));

        await Should.ThrowAsync<OperationCanceledException>(() => manager.SaveAsync(new CheckpointContent(1).AddBytes("model", new byte[] { 1, 2, 3 })));

        string checkpoint = Path.Combine(run, "checkpoints", "step-0000000001");
        Directory.GetFiles(checkpoint).Select(Path.GetFileName).Order().ShouldBe(["manifest.json", "rank-00000.model.bin"]);
        (await (await RunReader.OpenAsync(run)).ListAsync(VerificationLevel.Full)).ShouldHaveSingleItem().State.ShouldBe(CheckpointState.Intact);
    }

    private sealed class StagingIsTheCheckpoint(IRunStore inner) : DelegatingRunStore(inner)
    {
        public override async Task<ISharedCheckpointStaging> StageSharedCheckpointAsync(long checkpointStep, string session, CancellationToken cancellationToken) =>
            new LandsThenFails(await base.StageSharedCheckpointAsync(checkpointStep, session, cancellationToken), Describe(RunLayout.CheckpointName(checkpointStep)));
    }

    /// <summary>Commits, then throws as a cancelled request would; afterwards lists and publishes in the checkpoint.</summary>
    private sealed class LandsThenFails(ISharedCheckpointStaging inner, string checkpoint) : ISharedCheckpointStaging
    {
        private bool _committed;

        public Task<IStagedPart> CreatePartAsync(string file, CancellationToken cancellationToken) => inner.CreatePartAsync(file, cancellationToken);

        public async Task CommitAsync(string checkpointName, string manifestFile, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
        {
            await inner.CommitAsync(checkpointName, manifestFile, manifest, cancellationToken);
            _committed = true;
            throw new OperationCanceledException("the manifest's put was cancelled after it landed");
        }

        public async Task PublishAsync(string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            if (_committed)
            {
                await File.WriteAllBytesAsync(Path.Combine(checkpoint, file), content.ToArray(), cancellationToken);
                return;
            }

            await inner.PublishAsync(file, content, cancellationToken);
        }

        public Task<IReadOnlyList<FileSystemEntry>> ListAsync(CancellationToken cancellationToken) =>
            _committed
                ? Task.FromResult<IReadOnlyList<FileSystemEntry>>([.. Directory.GetFiles(checkpoint).Select(path => new FileSystemEntry(Path.GetFileName(path), FileSystemEntryKind.File, new FileInfo(path).Length))])
                : inner.ListAsync(cancellationToken);

        public Task<byte[]?> ReadAsync(string file, long maxLength, CancellationToken cancellationToken) => inner.ReadAsync(file, maxLength, cancellationToken);

        public Task RemoveAsync(string file, CancellationToken cancellationToken) => inner.RemoveAsync(file, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

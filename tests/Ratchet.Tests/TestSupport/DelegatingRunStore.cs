using Ratchet.Storage;

namespace Ratchet.Tests;

/// <summary>A store that forwards everything to another; tests override the one operation they make misbehave.</summary>
internal abstract class DelegatingRunStore(IRunStore inner) : IRunStore
{
    public virtual string Location => inner.Location;

    public virtual string Describe(string checkpoint, string? file = null) => inner.Describe(checkpoint, file);

    public virtual Task<bool> ExistsAsync(CancellationToken cancellationToken) => inner.ExistsAsync(cancellationToken);

    public virtual Task CreateAsync(CancellationToken cancellationToken) => inner.CreateAsync(cancellationToken);

    public virtual Task<IAsyncDisposable> AcquireWriterLockAsync(TimeProvider timeProvider, CancellationToken cancellationToken) =>
        inner.AcquireWriterLockAsync(timeProvider, cancellationToken);

    public virtual Task<RunLockProbe> ProbeWriterLockAsync(CancellationToken cancellationToken) => inner.ProbeWriterLockAsync(cancellationToken);

    public virtual Task<IAsyncDisposable> AcquirePinsLockAsync(CancellationToken cancellationToken) => inner.AcquirePinsLockAsync(cancellationToken);

    public virtual Task<IReadOnlyList<string>> ListCheckpointsAsync(CancellationToken cancellationToken) => inner.ListCheckpointsAsync(cancellationToken);

    public virtual Task<CheckpointFiles> ListCheckpointFilesAsync(string checkpoint, CancellationToken cancellationToken) =>
        inner.ListCheckpointFilesAsync(checkpoint, cancellationToken);

    public virtual Task<Stream> OpenCheckpointFileAsync(string checkpoint, string file, long offset, CancellationToken cancellationToken) =>
        inner.OpenCheckpointFileAsync(checkpoint, file, offset, cancellationToken);

    public virtual string? LocalPathOf(string checkpoint, string file) => inner.LocalPathOf(checkpoint, file);

    public virtual Task<ICheckpointStaging> StageCheckpointAsync(long checkpointStep, CancellationToken cancellationToken) =>
        inner.StageCheckpointAsync(checkpointStep, cancellationToken);

    public virtual Task<ISharedCheckpointStaging> StageSharedCheckpointAsync(long checkpointStep, string session, CancellationToken cancellationToken) =>
        inner.StageSharedCheckpointAsync(checkpointStep, session, cancellationToken);

    public virtual Task<string?> GetCheckpointsVersionAsync(CancellationToken cancellationToken) => inner.GetCheckpointsVersionAsync(cancellationToken);

    public virtual Task<string> UncommitCheckpointAsync(string checkpoint, CancellationToken cancellationToken) =>
        inner.UncommitCheckpointAsync(checkpoint, cancellationToken);

    public virtual Task RemoveUncommittedAsync(string handle, CancellationToken cancellationToken) => inner.RemoveUncommittedAsync(handle, cancellationToken);

    public virtual Task<IReadOnlyList<DebrisEntry>> ListDebrisAsync(CancellationToken cancellationToken) => inner.ListDebrisAsync(cancellationToken);

    public virtual Task<IReadOnlyList<DebrisEntry>> SweepDebrisAsync(CancellationToken cancellationToken) => inner.SweepDebrisAsync(cancellationToken);

    public virtual Task<string?> SetAsideAsync(IReadOnlyList<string> checkpoints, IReadOnlyList<string> runFiles, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.SetAsideAsync(checkpoints, runFiles, now, cancellationToken);

    public virtual Task<long?> GetAvailableBytesAsync(CancellationToken cancellationToken) => inner.GetAvailableBytesAsync(cancellationToken);

    public virtual Task<byte[]?> ReadFileAsync(string name, long maxLength, CancellationToken cancellationToken) =>
        inner.ReadFileAsync(name, maxLength, cancellationToken);

    public virtual Task<Stream?> OpenFileAsync(string name, long offset, CancellationToken cancellationToken) =>
        inner.OpenFileAsync(name, offset, cancellationToken);

    public virtual Task<long?> GetFileLengthAsync(string name, CancellationToken cancellationToken) => inner.GetFileLengthAsync(name, cancellationToken);

    public virtual Task ReplaceFileAsync(string name, ReadOnlyMemory<byte> content, bool durable, CancellationToken cancellationToken) =>
        inner.ReplaceFileAsync(name, content, durable, cancellationToken);

    public virtual Task AppendFileAsync(string name, long? at, IReadOnlyList<ReadOnlyMemory<byte>> chunks, bool durable, CancellationToken cancellationToken) =>
        inner.AppendFileAsync(name, at, chunks, durable, cancellationToken);

    public virtual Task TruncateFileAsync(string name, long length, CancellationToken cancellationToken) => inner.TruncateFileAsync(name, length, cancellationToken);
}

using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

/// <summary>A handle on a <see cref="SimFile"/>; like a FileStream, it writes at its own position.</summary>
internal sealed class SimulatedWritableFile(CrashSimulatingFileSystem owner, SimFile file, string path, long position) : IWritableFile
{
    public SimFile File { get; } = file;

    /// <summary>The path the file was opened with, for messages and the operation log.</summary>
    public string Path { get; } = path;

    public long Position { get; set; } = position;

    public bool IsClosed { get; private set; }

    public long Length => owner.LengthOf(this);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        owner.Write(this, data, cancellationToken);

    public void Sync() => owner.Sync(this);

    public void Truncate(long length) => owner.Truncate(this, length);

    /// <summary>What a failed fsync leaves behind (see <see cref="FaultInjectingFileSystem"/>).</summary>
    public void FailSync() => owner.FailSync(this);

    public void Dispose() => owner.Close(this);

    public void MarkClosed() => IsClosed = true;
}

namespace Ratchet.Storage.Local;

/// <summary>A file open for writing through an <see cref="IFileSystem"/>.</summary>
public interface IWritableFile : IDisposable
{
    /// <summary>The file's current length in bytes.</summary>
    long Length { get; }

    /// <summary>Appends bytes at the end of the file.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Makes everything written so far durable (fsync). A failure must not be retried and trusted:
    /// after a failed sync, the state of the data is unknown.</summary>
    void Sync();

    /// <summary>Cuts the file to <paramref name="length"/> bytes (used to drop a torn last record).</summary>
    void Truncate(long length);
}

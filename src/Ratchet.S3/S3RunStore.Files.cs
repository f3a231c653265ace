namespace Ratchet.S3;

public sealed partial class S3RunStore
{
    // Appending rewrites the whole object (see AppendFileAsync); past this a run file is not Ratchet's.
    private const long MaxAppendableLength = 256 << 20;

    private string FileKey(string name) => Where.Key(S3Names.Segment(name, "run file"));

    /// <inheritdoc/>
    public Task<byte[]?> ReadFileAsync(string name, long maxLength, CancellationToken cancellationToken) =>
        _objects.GetAsync(FileKey(name), maxLength, cancellationToken);

    /// <inheritdoc/>
    public async Task<Stream?> OpenFileAsync(string name, long offset, CancellationToken cancellationToken) =>
        await S3ReadStream.OpenAsync(_objects, FileKey(name), offset, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task<long?> GetFileLengthAsync(string name, CancellationToken cancellationToken) =>
        _objects.LengthAsync(FileKey(name), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>A put replaces an object atomically and durably, whatever <paramref name="durable"/> says.</remarks>
    public Task ReplaceFileAsync(string name, ReadOnlyMemory<byte> content, bool durable, CancellationToken cancellationToken) =>
        _objects.PutAsync(FileKey(name), content, createOnly: false, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>S3 has no append: the object is read, cut to <paramref name="at"/> when given, extended with the
    /// chunks and put back whole. That is atomic (readers see the old or the new file) and cheap for history-sized
    /// files; only the run's single writer appends, so no append is lost between the read and the put.</remarks>
    public async Task AppendFileAsync(string name, long? at, IReadOnlyList<ReadOnlyMemory<byte>> chunks, bool durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        string key = FileKey(name);
        byte[] current = await _objects.GetAsync(key, MaxAppendableLength, cancellationToken).ConfigureAwait(false) ?? [];
        int keep = at is { } length && length < current.Length ? (int)Math.Max(0, length) : current.Length;
        byte[] content = new byte[keep + chunks.Sum(chunk => chunk.Length)];
        current.AsSpan(0, keep).CopyTo(content);
        int offset = keep;
        foreach (var chunk in chunks)
        {
            chunk.Span.CopyTo(content.AsSpan(offset));
            offset += chunk.Length;
        }

        await _objects.PutAsync(key, content, createOnly: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task TruncateFileAsync(string name, long length, CancellationToken cancellationToken)
    {
        string key = FileKey(name);
        byte[] current = await _objects.GetAsync(key, MaxAppendableLength, cancellationToken).ConfigureAwait(false) ?? [];
        if (current.Length > length)
        {
            await _objects.PutAsync(key, current.AsMemory(0, (int)Math.Max(0, length)), createOnly: false, cancellationToken).ConfigureAwait(false);
        }
    }
}

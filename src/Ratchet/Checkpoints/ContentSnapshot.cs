namespace Ratchet.Checkpoints;

/// <summary>
/// A checkpoint's content copied into pooled memory on the caller's thread, so that the caller may change its state
/// (the next training step) while a background writer saves what the state was. Every part is produced once, into the
/// pool, exactly as the writer would have streamed it; the copy is what gets written, checksummed and committed.
/// </summary>
internal sealed class ContentSnapshot
{
    private readonly SnapshotPool _pool;
    private readonly List<SnapshotPool.Buffer> _buffers = [];

    private ContentSnapshot(SnapshotPool pool, CheckpointContent content)
    {
        _pool = pool;
        Content = content;
    }

    /// <summary>The content as the background writer saves it: each part replays its copied bytes.</summary>
    public CheckpointContent Content { get; }

    public long Bytes => _buffers.Sum(buffer => buffer.Length64);

    public static async Task<ContentSnapshot> TakeAsync(CheckpointContent content, SnapshotPool pool, CancellationToken cancellationToken)
    {
        var copy = new CheckpointContent(content.Step, content.Epoch);
        var snapshot = new ContentSnapshot(pool, copy);
        try
        {
            foreach (var part in content.Parts)
            {
                if (part.IsHandedOver)
                {
                    copy.Add(part); // the caller promised it stays as it is until the commit: written directly
                    continue;
                }

                var buffer = new SnapshotPool.Buffer(pool);
                snapshot._buffers.Add(buffer);
                await part.WriteToAsync(buffer, cancellationToken).ConfigureAwait(false);
                copy.Add(CheckpointPart.FromWriter(part.Name, part.Kind, buffer.ReplayAsync, buffer.Length64));
            }
        }
        catch
        {
            snapshot.Release();
            throw;
        }

        foreach (var (name, value) in content.Metrics)
        {
            copy.SetMetric(name, value);
        }

        return snapshot;
    }

    /// <summary>Gives the memory back to the pool for the next snapshot.</summary>
    public void Release()
    {
        foreach (var buffer in _buffers)
        {
            _pool.Return(buffer.Chunks);
        }

        _buffers.Clear();
    }
}

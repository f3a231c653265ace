namespace Ratchet.Testing;

/// <summary>A regular file: the bytes on disk (<see cref="Durable"/>) plus the changes since, which
/// together give what a reader sees now (<see cref="Current"/>).</summary>
internal sealed class SimFile : SimNode
{
    public SimFile(byte[] durable)
    {
        Durable = durable;
        Current = new GrowableBuffer(durable);
    }

    public byte[] Durable { get; private set; }

    public GrowableBuffer Current { get; }

    /// <summary>Changes not yet folded into <see cref="Durable"/>, oldest first.</summary>
    public List<DataEffect> Pending { get; } = [];

    public bool HasUnsyncedData => Pending.Exists(effect => !effect.Forced);

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Current.WriteAt(offset, data);
        Pending.Add(DataEffect.Write(offset, data.ToArray()));
    }

    public void Truncate(long length)
    {
        Current.SetLength(length);
        Pending.Add(DataEffect.Truncate(length));
    }

    public void Sync()
    {
        foreach (var effect in Pending)
        {
            effect.Forced |= !effect.Orphaned;
        }

        Fold();
    }

    public void FailSync()
    {
        foreach (var effect in Pending)
        {
            effect.Orphaned |= !effect.Forced;
        }
    }

    /// <summary>Moves the leading durable changes into <see cref="Durable"/> so the log stays short.</summary>
    private void Fold()
    {
        var count = Pending.TakeWhile(effect => effect.Forced).Count();
        if (count == 0)
        {
            return;
        }

        if (count == Pending.Count)
        {
            Durable = Current.ToArray();
        }
        else
        {
            var buffer = new GrowableBuffer(Durable);
            Pending.Take(count).ToList().ForEach(effect => effect.ApplyTo(buffer));
            Durable = buffer.ToArray();
        }

        Pending.RemoveRange(0, count);
    }
}

namespace Ratchet.Testing;

/// <summary>
/// A random crash: each volatile entry change is kept or lost by a coin toss, and each file keeps its
/// unsynced changes up to a random point, the last one possibly cut part-way and its tail possibly torn.
/// Writeback goes in order per file, so a file never keeps a later unsynced change without the earlier ones.
/// </summary>
internal sealed class RandomCrashChooser(Random random, CrashOptions options) : CrashChooser
{
    public override bool Keep(NamespaceEffect effect) => random.Next(2) == 0;

    public override byte[] ContentOf(SimFile file)
    {
        var volatileCount = file.Pending.Count(effect => !effect.Forced);
        var keptCount = random.Next(volatileCount + 1);
        var buffer = new GrowableBuffer(file.Durable);
        var rank = 0;
        var unsyncedFrom = long.MaxValue;
        var durableAfterUnsynced = false;
        foreach (var effect in file.Pending)
        {
            if (effect.Forced)
            {
                effect.ApplyTo(buffer);
                durableAfterUnsynced |= unsyncedFrom != long.MaxValue;
                continue;
            }

            var count = rank < keptCount ? effect.Bytes?.Length ?? 0 : rank == keptCount ? Cut(effect) : -1;
            rank++;
            if (count < 0 || (count == 0 && effect.IsWrite))
            {
                continue;
            }

            effect.ApplyPrefixTo(buffer, count);
            unsyncedFrom = effect.IsWrite ? Math.Min(unsyncedFrom, effect.Offset) : unsyncedFrom;
        }

        // A durable change after an unsynced one means a failed fsync in between; tearing across it could
        // damage bytes that are known to be on disk, so only an unbroken unsynced tail is torn.
        if (!durableAfterUnsynced && unsyncedFrom < buffer.Length)
        {
            Tear(buffer, unsyncedFrom);
        }

        return buffer.ToArray();
    }

    private int Cut(DataEffect effect)
    {
        if (!effect.IsWrite)
        {
            return -1; // a truncation is all or nothing
        }

        // Writeback not started at all is the commonest outcome of all, so it gets a third of the draws
        // instead of one in (length + 1).
        var length = effect.Bytes!.Length;
        var cut = random.Next(3) == 0 ? 0 : random.Next(length + 1);
        if (cut == length)
        {
            return cut;
        }

        var end = (effect.Offset + cut) / options.BlockSize * options.BlockSize;
        return (int)Math.Max(0, end - effect.Offset);
    }

    private void Tear(GrowableBuffer buffer, long unsyncedFrom)
    {
        if (options.TornTail == TornTail.None || random.Next(2) == 0)
        {
            return;
        }

        var start = unsyncedFrom + random.NextInt64(buffer.Length - unsyncedFrom);
        start = Math.Max(unsyncedFrom, start / options.BlockSize * options.BlockSize);
        var garbage = options.TornTail == TornTail.ZerosOrGarbage && random.Next(2) == 0;
        buffer.Fill((int)start, garbage ? () => (byte)random.Next(256) : null);
    }
}

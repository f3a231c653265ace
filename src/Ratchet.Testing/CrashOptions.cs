namespace Ratchet.Testing;

/// <summary>How <see cref="CrashSimulatingFileSystem.CrashNow(Random, CrashOptions?)"/> tears unsynced file data.</summary>
public sealed class CrashOptions
{
    /// <summary>The options used when none are given.</summary>
    public static CrashOptions Default { get; } = new();

    /// <summary>An unsynced write is cut at a file offset that is a multiple of this many bytes (or at its
    /// own start or end). <value>1: at any byte</value>; 4096 models page-sized writeback.</summary>
    public int BlockSize { get; init; } = 1;

    /// <summary>What the torn end of unsynced data may read back as. <value><see cref="TornTail.ZerosOrGarbage"/></value></summary>
    public TornTail TornTail { get; init; } = TornTail.ZerosOrGarbage;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 1, nameof(BlockSize));
        if (!Enum.IsDefined(TornTail))
        {
            throw new ArgumentOutOfRangeException(nameof(TornTail), TornTail, "Unknown torn-tail mode.");
        }
    }
}

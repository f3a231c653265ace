namespace Ratchet.Checkpoints;

/// <summary>One rank of one launch of a sharded run: what its saves stage into and how long it waits for the others.</summary>
/// <param name="Rank">This process's rank.</param>
/// <param name="WorldSize">How many ranks the launch has.</param>
/// <param name="Session">The launch, as rank 0 announced it; every shard of a checkpoint must name the same one.</param>
/// <param name="Timeout">How long rank 0 waits for the other shards, and the others for the commit.</param>
internal sealed record ShardContext(int Rank, int WorldSize, string Session, TimeSpan Timeout)
{
    /// <summary>The first wait between two looks at the store; it doubles up to <see cref="MaxPoll"/>.</summary>
    public static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);

    public static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(500);

    public static TimeSpan NextPoll(TimeSpan poll) => poll * 2 < MaxPoll ? poll * 2 : MaxPoll;
}

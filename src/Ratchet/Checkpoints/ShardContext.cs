namespace Ratchet.Checkpoints;

/// <summary>One rank of one launch of a sharded run: what its saves stage into and how long it waits for the others.</summary>
/// <param name="Rank">This process's rank.</param>
/// <param name="WorldSize">How many ranks the launch has.</param>
/// <param name="Session">The launch, as rank 0 announced it; every shard of a checkpoint must name the same one.</param>
/// <param name="Timeout">How long rank 0 waits for the other shards, and the others for the commit.</param>
internal sealed record ShardContext(int Rank, int WorldSize, string Session, TimeSpan Timeout)
{
    /// <summary>The first wait between two looks at the store; it grows by half each time up to <see cref="MaxPoll"/>.
    /// Short at first because the other ranks usually finish within milliseconds of each other, and every wait adds to
    /// the save's time; a look is one listing (one LIST request on S3), so even the longest wait stays cheap.</summary>
    public static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(100);

    public static TimeSpan NextPoll(TimeSpan poll) => poll * 1.5 < MaxPoll ? poll * 1.5 : MaxPoll;
}

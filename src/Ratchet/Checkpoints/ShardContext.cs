namespace Ratchet.Checkpoints;

/// <summary>One rank of one launch of a sharded run: what its saves stage into and how long it waits for the others.</summary>
/// <param name="Rank">This process's rank.</param>
/// <param name="WorldSize">How many ranks the launch has.</param>
/// <param name="Session">The launch, as rank 0 announced it; every shard of a checkpoint must name the same one.</param>
/// <param name="Timeout">How long rank 0 waits for the other shards, and the others for the commit.</param>
internal sealed record ShardContext(int Rank, int WorldSize, string Session, TimeSpan Timeout)
{
    /// <summary>The first wait between two looks at the store (<see cref="PollUntilAsync"/>); it grows by half each time up to <see cref="MaxPoll"/>.
    /// Short at first because the other ranks usually finish within milliseconds of each other, and every wait adds to
    /// the save's time; a look is one listing (one LIST request on S3), so even the longest wait stays cheap.</summary>
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Looks until <paramref name="look"/> says done, waiting between looks as described above. Returns false
    /// when <paramref name="timeout"/> passed first (after one last look).</summary>
    public static async Task<bool> PollUntilAsync(Func<Task<bool>> look, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var poll = FirstPoll;
        while (!await look().ConfigureAwait(false))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
            poll = poll * 1.5 < MaxPoll ? poll * 1.5 : MaxPoll;
        }

        return true;
    }
}

using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.Storage;

namespace Ratchet.Runs.Shards;

/// <summary>
/// How the ranks of one launch agree on a session before they save (docs/on-disk-format.md, "Sharded checkpoints").
/// Each rank other than 0 writes a join file with a fresh random nonce, and writes it again whenever it finds it
/// changed. Rank 0, once it holds the run and has swept what earlier launches left, first clears every join file, then
/// waits until each rank has written its join again and publishes <c>shards.json</c>: a new session id, the world size,
/// the checkpoint to resume from and each rank's nonce. A rank has joined when it finds its own nonce there. Because the
/// join files are cleared first and the nonces are fresh, a join or a session left by an earlier launch never counts.
/// </summary>
internal static class ShardSession
{
    private const long MaxFileLength = 1 << 20;

    /// <summary>Rank 0: waits for every other rank to join and announces the session.</summary>
    public static async Task<string> ConveneAsync(IRunStore store, int worldSize, long? resumeStep, TimeSpan timeout, CancellationToken cancellationToken)
    {
        byte[] cleared = "{}"u8.ToArray();
        for (int rank = 1; rank < worldSize; rank++)
        {
            await store.ReplaceFileAsync(ShardNames.JoinFile(rank), cleared, durable: false, cancellationToken).ConfigureAwait(false);
        }

        var nonces = new SortedDictionary<int, string>();
        bool allJoined = await ShardContext.PollUntilAsync(async () =>
        {
            await ReadNoncesAsync(store, worldSize, nonces, cancellationToken).ConfigureAwait(false);
            return nonces.Count == worldSize - 1;
        }, timeout, cancellationToken).ConfigureAwait(false);
        if (!allJoined)
        {
            var missing = Enumerable.Range(1, worldSize - 1).Where(rank => !nonces.ContainsKey(rank));
            throw new ShardedRunException(
                $"Rank(s) {string.Join(", ", missing)} of {worldSize} did not join the run '{store.Location}' within {timeout}. "
                + $"Start every rank of the launch (RANK=0..{worldSize - 1}, WORLD_SIZE={worldSize}) on the same run.");
        }

        string session = ShardNames.NewSession();
        await AnnounceAsync(store, new Announcement(session, worldSize, resumeStep, Members(nonces), Refused: null), cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Rank 0 could not open the run: tells the ranks that have already asked to join, so that they stop at
    /// once with rank 0's reason instead of waiting out their timeout. Best effort: a rank that asks later still times out.</summary>
    public static async Task RefuseAsync(string location, Storage.Local.IFileSystem fileSystem, int worldSize, string reason)
    {
        try
        {
            var store = RunStores.Open(location, fileSystem);
            var nonces = new SortedDictionary<int, string>();
            await ReadNoncesAsync(store, worldSize, nonces, CancellationToken.None).ConfigureAwait(false);

            if (nonces.Count > 0)
            {
                await AnnounceAsync(store, new Announcement("", worldSize, null, Members(nonces), reason), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RatchetException)
        {
            // The refusal that matters is rank 0's own; the other ranks then stop at their timeout.
        }
    }

    private static Task AnnounceAsync(IRunStore store, Announcement announcement, CancellationToken cancellationToken) =>
        store.ReplaceFileAsync(ShardNames.SessionFile, JsonSerializer.SerializeToUtf8Bytes(announcement, ShardJson.Default.Announcement), durable: false, cancellationToken);

    private static Dictionary<string, string> Members(SortedDictionary<int, string> nonces) =>
        nonces.ToDictionary(pair => pair.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), pair => pair.Value);

    /// <summary>A rank other than 0: joins rank 0's session; returns it and the step every rank resumes from.</summary>
    public static async Task<(string Session, long? ResumeStep)> JoinAsync(IRunStore store, int rank, int worldSize, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string nonce = ShardNames.NewSession();
        byte[] join = JsonSerializer.SerializeToUtf8Bytes(new Join(rank, nonce, Environment.MachineName, Environment.ProcessId), ShardJson.Default.Join);
        string key = rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Announcement? announced = null;
        await ShardContext.PollUntilAsync(async () =>
        {
            byte[]? current = await store.ReadFileAsync(ShardNames.JoinFile(rank), MaxFileLength, cancellationToken).ConfigureAwait(false);
            if (current is null || !current.AsSpan().SequenceEqual(join))
            {
                await store.ReplaceFileAsync(ShardNames.JoinFile(rank), join, durable: false, cancellationToken).ConfigureAwait(false);
            }

            var read = ReadAnnouncement(await store.ReadFileAsync(ShardNames.SessionFile, MaxFileLength, cancellationToken).ConfigureAwait(false));
            announced = read?.Members.GetValueOrDefault(key) == nonce ? read : null;
            return announced is not null;
        }, timeout, cancellationToken).ConfigureAwait(false);

        if (announced is null)
        {
            throw new ShardedRunException(
                $"Rank {rank} of {worldSize} could not join the run '{store.Location}': rank 0 did not open it and announce a session within {timeout}. "
                + "Start rank 0 too, on the same run; if it failed, its own error says why.");
        }

        if (announced.Refused is { } reason)
        {
            throw new ShardedRunException($"Rank {rank} cannot join the run '{store.Location}': rank 0 refused to open it. {reason}");
        }

        if (!ShardNames.IsSession(announced.Session) || announced.ResumeStep < 0)
        {
            // The session names the shared staging folder: a forged one must never become a path.
            throw new ShardedRunException(
                $"Rank {rank} cannot join the run '{store.Location}': its {ShardNames.SessionFile} names session '{announced.Session}' and step {announced.ResumeStep}, which rank 0 never writes. Stop every rank and start them again.");
        }

        return announced.WorldSize == worldSize
            ? (announced.Session, announced.ResumeStep)
            : throw new ShardedRunException(
                $"Rank {rank} was started with WORLD_SIZE={worldSize}, but rank 0 of this launch has {announced.WorldSize}. Start every rank with the same world size.");
    }

    /// <summary>Adds the nonce of every rank whose join file holds one and that is not in <paramref name="nonces"/> yet.</summary>
    private static async Task ReadNoncesAsync(IRunStore store, int worldSize, SortedDictionary<int, string> nonces, CancellationToken cancellationToken)
    {
        for (int rank = 1; rank < worldSize; rank++)
        {
            if (!nonces.ContainsKey(rank) && ReadNonce(await store.ReadFileAsync(ShardNames.JoinFile(rank), MaxFileLength, cancellationToken).ConfigureAwait(false), rank) is { } nonce)
            {
                nonces[rank] = nonce;
            }
        }
    }

    private static string? ReadNonce(byte[]? bytes, int rank)
    {
        try
        {
            var join = bytes is null ? null : JsonSerializer.Deserialize(bytes, ShardJson.Default.Join);
            return join is { Nonce: { } nonce } && join.Rank == rank && ShardNames.IsSession(nonce) ? nonce : null;
        }
        catch (JsonException)
        {
            return null; // the cleared marker, or a join being replaced: not joined yet
        }
    }

    private static Announcement? ReadAnnouncement(byte[]? bytes)
    {
        try
        {
            return bytes is null ? null : JsonSerializer.Deserialize(bytes, ShardJson.Default.Announcement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal sealed record Join(int Rank, string? Nonce, string Host, int Pid);

    internal sealed record Announcement(string Session, int WorldSize, long? ResumeStep, Dictionary<string, string> Members, string? Refused);
}

using Ratchet.Storage;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Runs;

namespace Ratchet.S3;

/// <summary>
/// The run's single-writer lock in an object store, which has no flock and no process liveness to check: a lease.
/// The holder creates <c>run.lock</c> create-only, naming itself and a random token, and renews it every
/// <see cref="RenewInterval"/>. A lock not renewed for <see cref="LeaseDuration"/> belongs to a writer that died and
/// is taken over. A writer that stalled past its lease and was taken over finds a foreign token when it next commits
/// or un-commits (<see cref="EnsureOwnedAsync"/>) and stops. Clocks of different machines are compared, so they
/// must agree to well within the lease.
/// </summary>
internal sealed class S3WriterLease : IAsyncDisposable
{
    public const string FileName = "run.lock";

    /// <summary>How long a lock counts as held after its last renewal.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>How often the holder renews; several renewals fit in a lease, so one slow request loses nothing.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(10);

    private const long MaxLockLength = 64 << 10;

    private readonly S3Objects _objects;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _key;
    private readonly LeaseRecord _record;
    private readonly CancellationTokenSource _stop = new();
    private Task _renewals = Task.CompletedTask;
    private volatile string? _lost;

    private S3WriterLease(S3Objects objects, TimeProvider timeProvider, ILogger logger, LeaseRecord record)
    {
        _objects = objects;
        _timeProvider = timeProvider;
        _logger = logger;
        _key = objects.Location.Key(FileName);
        _record = record;
    }

    public static async Task<S3WriterLease> AcquireAsync(S3Objects objects, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var record = new LeaseRecord(Environment.ProcessId, Environment.MachineName, now, now, Guid.NewGuid().ToString("N"));
        var lease = new S3WriterLease(objects, timeProvider, logger, record);
        string key = objects.Location.Key(FileName);
        if (!await objects.PutAsync(key, record.ToJson(), createOnly: true, cancellationToken).ConfigureAwait(false))
        {
            var current = await ReadAsync(objects, cancellationToken).ConfigureAwait(false);
            if (current is not null && !IsExpired(current, now))
            {
                throw Locked(objects, current);
            }

            // The holder stopped renewing a lease ago: it is gone. Only one of several contenders re-creates the lock.
            await objects.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            if (!await objects.PutAsync(key, record.ToJson(), createOnly: true, cancellationToken).ConfigureAwait(false))
            {
                throw Locked(objects, await ReadAsync(objects, cancellationToken).ConfigureAwait(false));
            }

            if (current is not null)
            {
                S3Log.TookOverLease(logger, objects.Location.ToString(), current.Holder.ToString(), current.Renewed, LeaseDuration.TotalSeconds);
            }
        }

        lease._renewals = Task.Run(lease.RenewAsync, CancellationToken.None);
        return lease;
    }

    /// <summary>The lock as it is stored; null when nobody holds it.</summary>
    public static async Task<LeaseRecord?> ReadAsync(S3Objects objects, CancellationToken cancellationToken)
    {
        byte[]? bytes = await objects.GetAsync(objects.Location.Key(FileName), MaxLockLength, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : LeaseRecord.Parse(bytes);
    }

    /// <summary>Throws unless this process still holds the lease: the check that fences a writer that was taken over.</summary>
    public async Task EnsureOwnedAsync(CancellationToken cancellationToken)
    {
        var current = await ReadAsync(_objects, cancellationToken).ConfigureAwait(false);
        if (_lost is { } reason || current?.Token != _record.Token)
        {
            throw new IOException(
                $"This process no longer holds the writer lock of '{_objects.Location}' ({_lost ?? (current is null ? "run.lock is gone" : $"it is now held by {current.Holder}")}); "
                + "it stalled for longer than the lease or another writer took the run over. Nothing more is committed or removed; reopen the run to continue.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        try
        {
            var current = await ReadAsync(_objects, CancellationToken.None).ConfigureAwait(false);
            if (current?.Token == _record.Token)
            {
                await _objects.DeleteAsync(_key, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or S3StoreException)
        {
            // Best effort: a lock left behind expires after the lease.
        }
    }

    public static bool IsExpired(LeaseRecord record, DateTimeOffset now) => now - record.Renewed > LeaseDuration;

    private static RunLockedException Locked(S3Objects objects, LeaseRecord? holder) => new(
        $"The run '{objects.Location}' is open for writing by {holder?.Holder.ToString() ?? "another process"}"
        + (holder is null ? "" : $", whose lease was last renewed at {holder.Renewed:u}")
        + $". Wait for it to finish or stop it (a lock that is not renewed expires {LeaseDuration.TotalSeconds:0} s after its last renewal); reading the run works meanwhile.",
        holder?.Holder);

    private async Task RenewAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RenewInterval, _timeProvider, _stop.Token).ConfigureAwait(false);
                var current = await ReadAsync(_objects, _stop.Token).ConfigureAwait(false);
                if (current?.Token != _record.Token)
                {
                    _lost = current is null ? "run.lock was deleted" : $"it was taken over by {current.Holder}";
                    S3Log.LostLease(_logger, _objects.Location.ToString(), _lost);
                    return;
                }

                // Read-then-put leaves a short window in which a taker could be overwritten; the taker's own fencing
                // check before each commit then fails loudly rather than two writers committing silently.
                await _objects.PutAsync(_key, (_record with { Renewed = _timeProvider.GetUtcNow() }).ToJson(), createOnly: false, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or S3StoreException)
            {
                // A failed renewal is retried at the next interval; the lease outlasts several failures.
            }
        }
    }

    /// <summary>What <c>run.lock</c> holds.</summary>
    internal sealed record LeaseRecord(int ProcessId, string Host, DateTimeOffset Since, DateTimeOffset Renewed, string Token)
    {
        public RunLockHolder Holder => new(ProcessId, Host, Since);

        public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["pid"] = ProcessId,
            ["host"] = Host,
            ["since_utc"] = Since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["renewed_utc"] = Renewed.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["token"] = Token,
        });

        /// <summary>Foreign or torn content reads as a holder renewed long ago, so that it expires instead of blocking forever.</summary>
        public static LeaseRecord Parse(byte[] bytes)
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                var root = document.RootElement;
                return new LeaseRecord(
                    root.GetProperty("pid").GetInt32(),
                    root.GetProperty("host").GetString() ?? "?",
                    ParseTime(root.GetProperty("since_utc")),
                    ParseTime(root.GetProperty("renewed_utc")),
                    root.GetProperty("token").GetString() ?? "");
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return new LeaseRecord(0, "?", DateTimeOffset.MinValue, DateTimeOffset.MinValue, "");
            }
        }

        private static DateTimeOffset ParseTime(JsonElement element) =>
            DateTimeOffset.Parse(element.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}

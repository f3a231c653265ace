using System.Globalization;
using System.Text;

namespace Ratchet.S3;

/// <summary>
/// The short lock around one change of <c>pins.json</c>: <c>pins.lock</c> created create-only, deleted after the
/// change. A contender retries with growing pauses for up to <see cref="Patience"/>. A lock older than
/// <see cref="Abandoned"/> (its holder died mid-change) is removed: no pin change takes that long.
/// </summary>
internal sealed class S3PinsLock : IAsyncDisposable
{
    public const string FileName = "pins.lock";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    private readonly S3Objects _objects;
    private readonly string _key;

    private S3PinsLock(S3Objects objects, string key)
    {
        _objects = objects;
        _key = key;
    }

    public static async Task<S3PinsLock> AcquireAsync(S3Objects objects, CancellationToken cancellationToken)
    {
        string key = objects.Location.Key(FileName);
        byte[] content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"pid\":{Environment.ProcessId},\"host\":\"{Environment.MachineName}\"}}"));
        long deadline = Environment.TickCount64 + (long)Patience.TotalMilliseconds;
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (await objects.PutAsync(key, content, createOnly: true, cancellationToken).ConfigureAwait(false))
            {
                return new S3PinsLock(objects, key);
            }

            if (await IsAbandonedAsync(objects, key, cancellationToken).ConfigureAwait(false))
            {
                await objects.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (Environment.TickCount64 >= deadline)
            {
                throw new RunLockedException(
                    $"The pins of run '{objects.Location}' have been locked by another process for over {Patience.TotalSeconds:0} s ('{key}'). "
                    + "Wait for the other pin or unpin command to finish, then try again.", null);
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _objects.DeleteAsync(_key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or S3StoreException)
        {
            // Best effort: an abandoned pins lock is removed by the next pin change.
        }
    }

    private static async Task<bool> IsAbandonedAsync(S3Objects objects, string key, CancellationToken cancellationToken)
    {
        var modified = await S3Errors.CallAsync(objects.Location, $"look up '{key}'", async () =>
        {
            try
            {
                var head = await objects.Client.GetObjectMetadataAsync(objects.Bucket, key, cancellationToken).ConfigureAwait(false);
                return head.LastModified;
            }
            catch (Amazon.S3.AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                return null;
            }
        }).ConfigureAwait(false);

        // The store stamps the lock and this machine's clock judges it: the margin is generous enough for clocks that disagree.
        return modified is { } stamp && stamp.ToUniversalTime() < SystemTimeNow() - Abandoned;
    }

    private static DateTime SystemTimeNow() => TimeProvider.System.GetUtcNow().UtcDateTime;
}

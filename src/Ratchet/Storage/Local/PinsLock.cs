namespace Ratchet.Storage.Local;

/// <summary>
/// The short exclusive lock around a change of <c>pins.json</c>: an flock on <c>pins.lock</c> in the run directory,
/// held only for one read-modify-write and released by the kernel if its holder dies.
/// </summary>
internal sealed class PinsLock : IDisposable, IAsyncDisposable
{
    public const string FileName = "pins.lock";
    private const int WouldBlock = 11; // EWOULDBLOCK: another process holds the flock
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FileStream _stream;

    private PinsLock(FileStream stream) => _stream = stream;

    public static async Task<PinsLock> AcquireAsync(string runDirectory, CancellationToken cancellationToken)
    {
        string path = Path.Combine(runDirectory, FileName);
        long deadline = Environment.TickCount64 + (long)Patience.TotalMilliseconds;
        while (true)
        {
            try
            {
                return new PinsLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0));
            }
            catch (IOException e) when (e.HResult == WouldBlock && Environment.TickCount64 < deadline)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.HResult == WouldBlock)
            {
                throw new RunLockedException(
                    $"The pins of run '{runDirectory}' have been locked by another process for over {Patience.TotalSeconds:0} s ('{path}'). "
                    + "Wait for the other pin or unpin command to finish, then try again.", null);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

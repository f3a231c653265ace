using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Ratchet.Storage.Local;

/// <summary>
/// The run's single-writer lock: an exclusive <c>flock</c> on the run directory itself. Locking the directory
/// rather than a file inside it means deleting or replacing <c>run.lock</c> can never let a second writer in; the
/// kernel releases the lock when the holder exits or is killed, so a crashed holder never blocks the next start.
/// <c>run.lock</c> only names the holder: written atomically once the lock is held, removed on release, and
/// replaced by the next holder when a killed one left it behind.
/// </summary>
internal sealed class RunLock : IDisposable, IAsyncDisposable
{
    public const string FileName = "run.lock";
    private const int Shared = 1, Exclusive = 2, NonBlocking = 4; // flock(2) operations
    private const int WouldBlock = 11;                             // EWOULDBLOCK/EAGAIN: another process holds it

    // The holder writes its name just after taking the lock; a reader that finds a dead holder's name waits this
    // long for the live one's before reporting what it found.
    private static readonly TimeSpan HolderNameWait = TimeSpan.FromSeconds(3);

    private readonly int _descriptor;
    private readonly string _holderPath;

    private RunLock(int descriptor, string holderPath)
    {
        _descriptor = descriptor;
        _holderPath = holderPath;
    }

    public static RunLock Acquire(string runDirectory, TimeProvider timeProvider)
    {
        int descriptor = OpenDirectory(runDirectory);
        if (LibC.Flock(descriptor, Exclusive | NonBlocking) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            _ = LibC.Close(descriptor);
            if (error != WouldBlock)
            {
                throw new RunAccessException($"Cannot lock the run directory '{runDirectory}' (errno {error}). Check that it is on a local or lock-capable file system.");
            }

            var holder = ReadHolder(runDirectory, waitForLiveHolder: true);
            throw new RunLockedException(
                $"The run '{runDirectory}' is open for writing by {holder?.ToString() ?? "another process"}. "
                + "Wait for it to finish or stop it; reading the run (`ratchet status`) works meanwhile.", holder);
        }

        string holderPath = Path.Combine(runDirectory, FileName);
        try
        {
            WriteHolder(holderPath, new RunLockHolder(Environment.ProcessId, Environment.MachineName, timeProvider.GetUtcNow()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _ = LibC.Close(descriptor);
            throw new RunAccessException($"Cannot write '{holderPath}': {e.Message} Make the run directory writable.", e);
        }

        return new RunLock(descriptor, holderPath);
    }

    /// <summary>Whether another process holds the lock right now, and who. Never creates or changes anything.</summary>
    public static (bool Held, RunLockHolder? Holder) Probe(string runDirectory)
    {
        int descriptor = LibC.Open(runDirectory, LibC.ReadOnly | LibC.DirectoryOnly | LibC.CloseOnExec);
        if (descriptor < 0)
        {
            return (false, null);
        }

        try
        {
            // A shared lock for an instant: it fails exactly when a writer holds the exclusive one.
            return LibC.Flock(descriptor, Shared | NonBlocking) == 0
                ? (false, null)
                : (true, ReadHolder(runDirectory, waitForLiveHolder: true));
        }
        finally
        {
            _ = LibC.Close(descriptor); // closing drops the shared lock
        }
    }

    public void Dispose()
    {
        // The name goes first, so that a holder file never outlives its holder's lock on a graceful exit.
        try
        {
            File.Delete(_holderPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next holder replaces a stale name.
        }

        _ = LibC.Close(_descriptor);
    }

    private static int OpenDirectory(string runDirectory)
    {
        int descriptor = LibC.Open(runDirectory, LibC.ReadOnly | LibC.DirectoryOnly | LibC.CloseOnExec);
        return descriptor >= 0
            ? descriptor
            : throw new RunAccessException($"Cannot open the run directory '{runDirectory}' to lock it (errno {Marshal.GetLastPInvokeError()}). Check that it exists and is readable.");
    }

    private static void WriteHolder(string path, RunLockHolder holder)
    {
        byte[] content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["pid"] = holder.ProcessId,
            ["host"] = holder.Host,
            ["since_utc"] = holder.Since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        });

        // Written aside and renamed over, so a reader sees the previous holder's name or this one's, never a torn one.
        string temporary = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(content);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static RunLockHolder? ReadHolder(string runDirectory, bool waitForLiveHolder)
    {
        string path = Path.Combine(runDirectory, FileName);
        long deadline = Environment.TickCount64 + (long)HolderNameWait.TotalMilliseconds;
        while (true)
        {
            var holder = ParseHolder(ReadWithoutLocking(path));
            if (holder is not null && IsAlive(holder))
            {
                return holder;
            }

            if (!waitForLiveHolder || Environment.TickCount64 >= deadline)
            {
                return holder;
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>A holder on another host cannot be checked from here, so it counts as alive.</summary>
    private static bool IsAlive(RunLockHolder holder) =>
        holder.Host != Environment.MachineName || Directory.Exists($"/proc/{holder.ProcessId.ToString(CultureInfo.InvariantCulture)}");

    private static RunLockHolder? ParseHolder(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            return new RunLockHolder(
                root.GetProperty("pid").GetInt32(),
                root.GetProperty("host").GetString() ?? "?",
                DateTimeOffset.Parse(root.GetProperty("since_utc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            return null; // foreign content
        }
    }

    private static unsafe byte[]? ReadWithoutLocking(string path)
    {
        int descriptor = LibC.Open(path, LibC.ReadOnly | LibC.CloseOnExec);
        if (descriptor < 0)
        {
            return null;
        }

        try
        {
            byte[] buffer = new byte[4096];
            fixed (byte* start = buffer)
            {
                nint read = LibC.Read(descriptor, start, buffer.Length);
                return read > 0 ? buffer[..(int)read] : null;
            }
        }
        finally
        {
            _ = LibC.Close(descriptor);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

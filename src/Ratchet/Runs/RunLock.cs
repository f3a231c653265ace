using System.Globalization;
using System.Text;
using System.Text.Json;
using Ratchet.Storage;

namespace Ratchet.Runs;

/// <summary>
/// The run's single-writer lock: <c>run.lock</c> opened with <see cref="FileShare.None"/>, which .NET maps to an
/// exclusive <c>flock</c>. The kernel releases it when the holder exits or is killed, so a crashed holder never
/// blocks the next start. The file's content names the holder; it is read without taking the lock, because any
/// .NET open of a locked file would fail.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";
    private const int WouldBlock = 11; // EWOULDBLOCK/EAGAIN: another process holds the flock

    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    public static RunLock Acquire(string runDirectory, TimeProvider timeProvider)
    {
        string path = Path.Combine(runDirectory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException e) when (e.HResult == WouldBlock)
        {
            var holder = ReadHolder(runDirectory);
            throw new RunLockedException(
                $"The run '{runDirectory}' is open for writing by {holder?.ToString() ?? "another process"}. "
                + "Wait for it to finish or stop it; reading the run (`ratchet status`) works meanwhile.", holder);
        }

        var self = new RunLockHolder(Environment.ProcessId, Environment.MachineName, timeProvider.GetUtcNow());
        byte[] content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["pid"] = self.ProcessId,
            ["host"] = self.Host,
            ["since_utc"] = self.Since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        });
        stream.SetLength(0);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
        return new RunLock(stream);
    }

    /// <summary>Whether another process holds the lock right now, and who. Never creates or changes the file.</summary>
    public static (bool Held, RunLockHolder? Holder) Probe(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        try
        {
            // A shared flock for an instant: it fails exactly when a writer holds the exclusive one.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            return (false, null);
        }
        catch (IOException e) when (e.HResult == WouldBlock)
        {
            return (true, ReadHolder(runDirectory));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return (false, null);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static RunLockHolder? ReadHolder(string runDirectory)
    {
        byte[]? bytes = ReadWithoutLocking(Path.Combine(runDirectory, FileName));
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
            return null; // the holder is still writing its name, or the content is foreign
        }
    }

    private static unsafe byte[]? ReadWithoutLocking(string path)
    {
        int descriptor = LibC.Open(path, LibC.ReadOnly);
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
}

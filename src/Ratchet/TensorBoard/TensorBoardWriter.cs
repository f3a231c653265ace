using System.Globalization;
using Ratchet.History;

namespace Ratchet.TensorBoard;

/// <summary>
/// Writes a run's metrics as TensorBoard event files, so <c>tensorboard --logdir RUN</c> shows the curves. Each session
/// writes a file of its own, named as TensorBoard's writers name them (<c>events.out.tfevents.&lt;unix
/// seconds&gt;.&lt;host&gt;.&lt;pid&gt;.&lt;n&gt;</c>), and never appends to an old one: TensorBoard ignores everything after a broken
/// record, but tolerates a torn last one, which is all a crash can leave. Event files are derived from the history, so they
/// are flushed, not fsynced; <c>ratchet tensorboard</c> rewrites them from the history at any time.
/// </summary>
public sealed class TensorBoardWriter : IDisposable
{
    private static int _files;
    private readonly FileStream _stream;

    private TensorBoardWriter(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The event file being written.</summary>
    public string Path { get; }

    /// <summary>Creates a new event file in <paramref name="directory"/> (created when missing) and writes its first event.</summary>
    public static TensorBoardWriter Create(string directory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        string name = string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{now.ToUnixTimeSeconds():D10}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref _files) - 1}");
        string path = System.IO.Path.Combine(directory, name);
        var writer = new TensorBoardWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read), path);
        writer.Write(EventEncoder.FileVersion(WallTime(now)));
        return writer;
    }

    /// <summary>Marks a resume: the session starts at <paramref name="step"/> (the resumed checkpoint's step + 1).</summary>
    public void WriteSessionStart(long step, DateTimeOffset now) => Write(EventEncoder.SessionStart(WallTime(now), step));

    /// <summary>One scalar event per metric of the record, at its step and time.</summary>
    public void Write(HistoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var (name, value) in record.Metrics)
        {
            Write(EventEncoder.Scalar(WallTime(record.Time), record.Step, name, (float)value));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private static double WallTime(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private void Write(byte[] eventBytes)
    {
        _stream.Write(EventRecords.Frame(eventBytes));
        _stream.Flush();
    }
}

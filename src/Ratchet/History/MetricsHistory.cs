using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ratchet.Storage;

namespace Ratchet.History;

/// <summary>
/// A run's metrics history, <c>history.jsonl</c>: one record per logged point, appended durably. Records are
/// never thrown away: a torn last line (a crash mid-append) and records past a restored checkpoint are moved to
/// <c>history.rolled-back.jsonl</c> with the reason and time.
/// </summary>
public sealed class MetricsHistory
{
    /// <summary>The history file's name inside the run directory.</summary>
    public const string FileName = "history.jsonl";

    /// <summary>Where removed records go.</summary>
    public const string RolledBackFileName = "history.rolled-back.jsonl";

    private readonly IRunStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly List<HistoryRecord> _records;
    private readonly List<long> _lineStarts;
    private long _length;

    private MetricsHistory(IRunStore store, TimeProvider timeProvider, ILogger logger, HistoryFileContent content)
    {
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
        _path = Path.Combine(store.Location, FileName);
        _records = content.Records;
        _lineStarts = content.LineStarts;
        _length = content.ValidLength;
    }

    /// <summary>The records, oldest first.</summary>
    public IReadOnlyList<HistoryRecord> Records => _records;

    /// <summary>How many records there are.</summary>
    public int Count => _records.Count;

    /// <summary>Reads a run's history without modifying anything (a torn last line is skipped, not repaired).</summary>
    internal static async Task<IReadOnlyList<HistoryRecord>> ReadAsync(IRunStore store, CancellationToken cancellationToken)
    {
        var content = await HistoryFileContent.LoadAsync(store, FileName, cancellationToken).ConfigureAwait(false);
        return content.Records;
    }

    /// <summary>Opens the history for appending; only the holder of the run's lock may do this. A torn last line
    /// is moved to the rolled-back file with a warning.</summary>
    internal static async Task<MetricsHistory> OpenAsync(IRunStore store, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        var content = await HistoryFileContent.LoadAsync(store, FileName, cancellationToken).ConfigureAwait(false);
        var history = new MetricsHistory(store, timeProvider, logger, content);
        await history.AcceptAsync(content, cancellationToken).ConfigureAwait(false);
        return history;
    }

    /// <summary>Takes the parsed file as the live history: reports zero bytes that a shortened file left, and sets a
    /// torn last line aside.</summary>
    private async Task AcceptAsync(HistoryFileContent content, CancellationToken cancellationToken)
    {
        if (content.ZeroBytes > 0)
        {
            HistoryLog.ZeroBytes(_logger, _path, content.ZeroBytes, content.Records.Count);
        }

        if (content.TornTail is { Length: > 0 } torn)
        {
            HistoryLog.TornLine(_logger, _path, HistoryCodec.Preview(torn), RolledBackFileName);
            await SetAsideAsync([Entry("torn by an interrupted append", torn, isRecord: false)], content.ValidLength, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The file is shorter than this run wrote it (an editor or a <c>truncate</c> while the run was open):
    /// appending at the remembered end would fill the gap with zero bytes, so the history is re-read as it now is.</summary>
    private async Task ReloadShrunkAsync(long foundLength, CancellationToken cancellationToken)
    {
        HistoryLog.Shrunk(_logger, _path, _length, foundLength);
        var content = await HistoryFileContent.LoadAsync(_store, FileName, cancellationToken).ConfigureAwait(false);
        _records.Clear();
        _records.AddRange(content.Records);
        _lineStarts.Clear();
        _lineStarts.AddRange(content.LineStarts);
        _length = content.ValidLength;
        await AcceptAsync(content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends one record and makes it durable before returning.</summary>
    public async Task<HistoryRecord> AppendAsync(long step, long epoch, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(metrics);
        var record = new HistoryRecord(step, epoch, _timeProvider.GetUtcNow(), new Dictionary<string, double>(metrics, StringComparer.Ordinal));
        byte[] line = HistoryCodec.Encode(record);
        long found = await _store.GetFileLengthAsync(FileName, cancellationToken).ConfigureAwait(false) ?? 0;
        if (found < _length)
        {
            await ReloadShrunkAsync(found, cancellationToken).ConfigureAwait(false);
        }

        if (_records.Count > 0 && step < _records[^1].Step)
        {
            throw new HistoryOrderException(
                $"Cannot log step {step} to '{_path}': the history already has step {_records[^1].Step}, and steps only move forward. "
                + "Log each step once, in order; after a resume, continue from the resumed checkpoint's step.");
        }

        // Cut at the remembered end first: that drops the remains of an append that failed in this process.
        await _store.AppendFileAsync(FileName, _length, [line], durable: true, cancellationToken).ConfigureAwait(false);

        _lineStarts.Add(_length);
        _length += line.Length;
        _records.Add(record);
        return record;
    }

    /// <summary>Moves every record after the first <paramref name="keep"/> to the rolled-back file, so the live
    /// history ends where the restored checkpoint was committed.</summary>
    internal async Task<int> RollBackAsync(int keep, string reason, CancellationToken cancellationToken)
    {
        if (keep >= _records.Count)
        {
            return 0;
        }

        long cut = _lineStarts[keep];
        var removed = new List<byte[]>();
        for (int i = keep; i < _records.Count; i++)
        {
            removed.Add(Entry(reason, HistoryCodec.Encode(_records[i]).AsSpan()[..^1], isRecord: true));
        }

        await SetAsideAsync(removed, cut, cancellationToken).ConfigureAwait(false);
        int count = _records.Count - keep;
        _records.RemoveRange(keep, count);
        _lineStarts.RemoveRange(keep, count);
        return count;
    }

    /// <summary>Writes the entries to the rolled-back file durably, and only then cuts the live file.</summary>
    private async Task SetAsideAsync(List<byte[]> entries, long cutAt, CancellationToken cancellationToken)
    {
        long existing = await _store.GetFileLengthAsync(RolledBackFileName, cancellationToken).ConfigureAwait(false) ?? 0;
        var chunks = new List<ReadOnlyMemory<byte>>(entries.Count + 1);
        if (existing > 0 && !await EndsWithNewlineAsync(existing, cancellationToken).ConfigureAwait(false))
        {
            // An earlier set-aside was interrupted mid-entry; its records are still in the live history (it is cut
            // only after the entries are durable). Ending the torn line keeps every new entry whole on its own line.
            chunks.Add("\n"u8.ToArray());
        }

        chunks.AddRange(entries.Select(entry => (ReadOnlyMemory<byte>)entry));

        // Durable, its new entry included, before the live history is cut, or a power loss loses both copies.
        await _store.AppendFileAsync(RolledBackFileName, null, chunks, durable: true, cancellationToken).ConfigureAwait(false);
        await _store.TruncateFileAsync(FileName, cutAt, cancellationToken).ConfigureAwait(false);
        _length = cutAt;
    }

    private async Task<bool> EndsWithNewlineAsync(long length, CancellationToken cancellationToken)
    {
        var stream = await _store.OpenFileAsync(RolledBackFileName, length - 1, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return true;
        }

        await using (stream.ConfigureAwait(false))
        {
            byte[] last = new byte[1];
            await stream.ReadExactlyAsync(last, cancellationToken).ConfigureAwait(false);
            return last[0] == (byte)'\n';
        }
    }

    private byte[] Entry(string reason, ReadOnlySpan<byte> content, bool isRecord)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("rolled_back_utc", _timeProvider.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("reason", reason);
            if (isRecord)
            {
                json.WritePropertyName("record");
                json.WriteRawValue(content, skipInputValidation: true);
            }
            else
            {
                json.WriteBase64String("torn_bytes_base64", content);
            }

            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}

using Ratchet.Storage;

namespace Ratchet.History;

/// <summary>A parsed <c>history.jsonl</c>: its records, where each line starts, and a torn last line if any.</summary>
internal sealed class HistoryFileContent
{
    private const long MaxLength = 4L << 30;

    public List<HistoryRecord> Records { get; } = [];

    public List<long> LineStarts { get; } = [];

    public long ValidLength { get; private set; }

    public byte[]? TornTail { get; private set; }

    /// <summary>Zero bytes skipped at the start of lines: the gap an append leaves past the end of a file that was
    /// shortened under it. JSON text never holds a zero byte, so skipping them loses nothing.</summary>
    public long ZeroBytes { get; private set; }

    public static async Task<HistoryFileContent> LoadAsync(IRunStore store, string name, CancellationToken cancellationToken)
    {
        byte[]? bytes = await store.ReadFileAsync(name, MaxLength, cancellationToken).ConfigureAwait(false);
        return Parse(bytes ?? [], Path.Combine(store.Location, name));
    }

    /// <summary>A line that does not parse is an error, unless no record follows it: then it and everything after it
    /// are the torn remains of an append that a crash interrupted (a torn write may leave any bytes, newlines
    /// included, so the remains can look like several lines).</summary>
    public static HistoryFileContent Parse(ReadOnlySpan<byte> bytes, string path)
    {
        var content = new HistoryFileContent();
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            int end = bytes[start..].IndexOf((byte)'\n');
            bool isLast = end < 0 || start + end + 1 == bytes.Length;
            var line = end < 0 ? bytes[start..] : bytes.Slice(start, end);
            var withoutZeros = line.TrimStart((byte)0);
            if (withoutZeros.Length < line.Length && end >= 0)
            {
                content.ZeroBytes += line.Length - withoutZeros.Length;
                line = withoutZeros;
                if (line.IsEmpty)
                {
                    content.ValidLength = start + end + 1;
                    start += end + 1;
                    continue;
                }
            }

            try
            {
                if (end < 0)
                {
                    throw new RatchetFormatException("no newline");
                }

                content.Records.Add(HistoryCodec.Decode(line, path, lineNumber));
                content.LineStarts.Add(start);
                content.ValidLength = start + end + 1;
            }
            catch (RatchetFormatException) when (isLast || !AnyRecordFrom(bytes[(start + end + 1)..], path))
            {
                content.TornTail = bytes[start..].ToArray();
                break;
            }

            start += end + 1;
        }

        return content;
    }

    private static bool AnyRecordFrom(ReadOnlySpan<byte> rest, string path)
    {
        while (rest.Length > 0)
        {
            int end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                return false; // a final fragment without its newline is never a whole record
            }

            try
            {
                HistoryCodec.Decode(rest[..end], path, 0);
                return true;
            }
            catch (RatchetFormatException)
            {
                rest = rest[(end + 1)..];
            }
        }

        return false;
    }
}

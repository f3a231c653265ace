using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Ratchet.Tensors;

/// <summary>A header that passed every check that does not need the data section: its tensors tile
/// <c>[0, DataLength)</c> exactly, in offset order.</summary>
internal sealed class ParsedHeader
{
    private readonly Dictionary<string, int> _index;

    public ParsedHeader(long headerLength, List<TensorInfo> tensors, Dictionary<string, string> metadata)
    {
        HeaderLength = headerLength;
        Tensors = tensors.AsReadOnly();
        Metadata = metadata.AsReadOnly();
        DataLength = tensors.Count == 0 ? 0 : tensors[^1].End;
        _index = new Dictionary<string, int>(tensors.Count, StringComparer.Ordinal);
        for (int i = 0; i < tensors.Count; i++)
        {
            _index.Add(tensors[i].Name, i);
        }
    }

    /// <summary>Bytes of JSON (and padding) after the length field.</summary>
    public long HeaderLength { get; }

    /// <summary>Where the data section starts in the file.</summary>
    public long DataStart => HeaderBuilder.LengthFieldSize + HeaderLength;

    /// <summary>Bytes of the data section the tensors cover.</summary>
    public long DataLength { get; }

    public IReadOnlyList<TensorInfo> Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Validates the length field against the 100 MB limit and, when known, the file's length.</summary>
    public static long ReadHeaderLength(ReadOnlySpan<byte> lengthField, long? fileLength, string? source)
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (length > HeaderBuilder.MaxHeaderLength)
        {
            throw FormatErrors.File(source, $"its header length field says {length} bytes, more than the format's limit of {HeaderBuilder.MaxHeaderLength}");
        }

        if (fileLength is { } total && (long)length > total - HeaderBuilder.LengthFieldSize)
        {
            throw FormatErrors.File(source, $"its header length field says {length} bytes, but only {total - HeaderBuilder.LengthFieldSize} bytes follow the field");
        }

        return (long)length;
    }

    public bool TryGet(string name, [NotNullWhen(true)] out TensorInfo? tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool found = _index.TryGetValue(name, out int i);
        tensor = found ? Tensors[i] : null;
        return found;
    }

    /// <summary>Checks that the tensors cover the data section that is actually present, no more and no less.</summary>
    public void CheckDataSection(long available, string? source)
    {
        if (DataLength > available)
        {
            TensorInfo cut = Tensors.First(t => t.End > available);
            throw FormatErrors.Tensor(source, cut.Name,
                $"its data offsets {FormatErrors.Offsets(cut.Begin, cut.End)} reach past the end of the data section, which holds {available} bytes; the file is truncated or the offsets are wrong");
        }

        if (DataLength < available)
        {
            throw FormatErrors.File(source,
                $"its data section holds {available} bytes but its tensors cover {DataLength}; the last {available - DataLength} bytes belong to no tensor");
        }
    }
}

using System.Buffers.Binary;
using System.Text;
using Ratchet.Tensors;

namespace Ratchet.PyTorch.Pickle;

/// <summary>A cursor over a pickle inside a memory-mapped file. Every length is checked against what is left before a
/// byte is touched, so a hostile length (a 2 GiB string in a 100-byte file) fails at once without allocating.</summary>
internal sealed class PickleInput(MappedData map, long start, long end, Func<string, Exception> malformed)
{
    private readonly long _start = start;
    private long _position = start;

    public long Position => _position;

    public long Remaining => end - _position;

    public byte ReadByte() => Take(1)[0];

    public ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > Remaining || count > int.MaxValue)
        {
            throw malformed($"an opcode at byte {_position - _start} of the pickle needs {count} bytes, but only {Remaining} remain");
        }

        var bytes = map.Slice(_position, checked((int)count));
        _position += count;
        return bytes;
    }

    public int ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadBigEndianDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>A newline-terminated line (the text opcodes' argument), without the newline.</summary>
    public string ReadLine()
    {
        long limit = Math.Min(Remaining, 1 << 20);
        var window = map.Slice(_position, (int)limit);
        int newline = window.IndexOf((byte)'\n');
        if (newline < 0)
        {
            throw malformed($"a text opcode at byte {_position - _start} of the pickle has no end of line");
        }

        string line = Encoding.UTF8.GetString(window[..newline]);
        _position += newline + 1;
        return line;
    }
}

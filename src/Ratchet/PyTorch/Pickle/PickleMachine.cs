using System.Globalization;
using System.Numerics;
using System.Text;

namespace Ratchet.PyTorch.Pickle;

/// <summary>
/// Interprets pickle opcodes (protocols 0 to 5) into plain values without running anything: no import, no call, no
/// attribute lookup. Globals are resolved by <see cref="GlobalPolicy"/>; the few that a checkpoint needs are rebuilt here
/// (<see cref="PickleMachine"/>'s Calls part), any other class becomes a <see cref="PyTorchObject"/>, and a name that
/// could run code refuses the file. The machine is iterative (a stack, no recursion), so nesting cannot overflow it.
/// </summary>
internal sealed partial class PickleMachine
{
    private readonly PickleInput _input;
    private readonly PickleContext _context;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private readonly HashSet<object> _sets = new(ReferenceEqualityComparer.Instance);

    public PickleMachine(PickleInput input, PickleContext context)
    {
        _input = input;
        _context = context;
    }

    /// <summary>Runs to the STOP opcode and returns the value it leaves.</summary>
    public object? Run()
    {
        while (true)
        {
            byte opcode = _input.ReadByte();
            if (opcode == '.')
            {
                if (_stack.Count != 1 || _marks.Count != 0)
                {
                    throw Malformed($"the pickle stops with {_stack.Count} values and {_marks.Count} open marks on its stack instead of one value");
                }

                return _stack[0];
            }

            Step(opcode);
        }
    }

    private void Step(byte opcode)
    {
        switch (opcode)
        {
            case 0x80: _ = _input.ReadByte(); break; // PROTO
            case 0x95: _ = _input.Take(8); break; // FRAME: a hint for buffering; the data follows inline
            case (byte)'(': _marks.Push(_stack.Count); break; // MARK
            case (byte)'0': Pop(); break; // POP
            case (byte)'1': _ = PopMark(); break; // POP_MARK
            case (byte)'2': Push(Peek()); break; // DUP
            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break;
            case 0x89: Push(false); break;
            case (byte)'I': Push(ParseIntLine(_input.ReadLine())); break;
            case (byte)'J': Push((long)_input.ReadInt32()); break;
            case (byte)'K': Push((long)_input.ReadByte()); break;
            case (byte)'M': Push((long)_input.ReadUInt16()); break;
            case (byte)'L': Push(Normalize(BigInteger.Parse(_input.ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture))); break;
            case 0x8a: Push(ReadLong(_input.ReadByte())); break; // LONG1
            case 0x8b: Push(ReadLong(Length(_input.ReadInt32()))); break; // LONG4
            case (byte)'F': Push(double.Parse(_input.ReadLine(), NumberStyles.Float, CultureInfo.InvariantCulture)); break;
            case (byte)'G': Push(_input.ReadBigEndianDouble()); break; // BINFLOAT
            case (byte)'S': Push(ParseQuotedString(_input.ReadLine())); break; // STRING (protocol 0 bytes-as-str)
            case (byte)'T': Push(Latin1(Length(_input.ReadInt32()))); break; // BINSTRING
            case (byte)'U': Push(Latin1(_input.ReadByte())); break; // SHORT_BINSTRING
            case (byte)'V': Push(_input.ReadLine()); break; // UNICODE (raw-unicode-escape; plain names in practice)
            case (byte)'X': Push(Utf8(_input.ReadUInt32())); break; // BINUNICODE
            case 0x8c: Push(Utf8(_input.ReadByte())); break; // SHORT_BINUNICODE
            case 0x8d: Push(Utf8(Length(_input.ReadInt64()))); break; // BINUNICODE8
            case (byte)'B': Push(_input.Take(_input.ReadUInt32()).ToArray()); break; // BINBYTES
            case (byte)'C': Push(_input.Take(_input.ReadByte()).ToArray()); break; // SHORT_BINBYTES
            case 0x8e: Push(_input.Take(Length(_input.ReadInt64())).ToArray()); break; // BINBYTES8
            case 0x96: Push(_input.Take(Length(_input.ReadInt64())).ToArray()); break; // BYTEARRAY8
            case (byte)']': Push(new PyTorchList()); break;
            case (byte)'l': Push(ListOf(PopMark())); break;
            case (byte)'a': Append(Peek(1), [Pop()]); break;
            case (byte)'e': AppendMarked(); break;
            case (byte)')': Push(new PyTorchTuple([])); break;
            case (byte)'t': Push(new PyTorchTuple(PopMark())); break;
            case 0x85: Push(new PyTorchTuple([Pop()])); break;
            case 0x86: Push(TupleOfTop(2)); break;
            case 0x87: Push(TupleOfTop(3)); break;
            case (byte)'}': Push(new PyTorchDict(isOrdered: false)); break;
            case (byte)'d': Push(DictOf(PopMark())); break;
            case (byte)'s': SetItem(); break;
            case (byte)'u': SetItemsMarked(); break;
            case 0x8f: Push(NewSet([])); break; // EMPTY_SET
            case 0x90: AddItems(); break;
            case 0x91: Push(NewSet(PopMark())); break; // FROZENSET
            case (byte)'c': Push(Global(_input.ReadLine(), _input.ReadLine())); break;
            case 0x93: StackGlobal(); break;
            case (byte)'R': Reduce(); break;
            case 0x81: NewObject(hasKeywords: false); break;
            case 0x92: NewObject(hasKeywords: true); break;
            case (byte)'b': Build(); break;
            case (byte)'Q': Push(_context.LoadPersistent(Pop())); break; // BINPERSID
            case (byte)'g': Push(MemoGet(ParseIntLine(_input.ReadLine()))); break;
            case (byte)'h': Push(MemoGet(_input.ReadByte())); break;
            case (byte)'j': Push(MemoGet(_input.ReadUInt32())); break;
            case (byte)'p': _memo[ParseIntLine(_input.ReadLine())] = Peek(); break;
            case (byte)'q': _memo[_input.ReadByte()] = Peek(); break;
            case (byte)'r': _memo[_input.ReadUInt32()] = Peek(); break;
            case 0x94: _memo[_memo.Count] = Peek(); break; // MEMOIZE
            case (byte)'P': throw Malformed("it uses a text persistent id (PERSID), which torch.save never writes");
            case (byte)'i' or (byte)'o': throw Malformed("it builds objects with the protocol-0 INST/OBJ opcodes, which torch.save never writes");
            case 0x82 or 0x83 or 0x84: throw Malformed("it uses the copyreg extension registry (EXT1/EXT2/EXT4), which can name any global");
            case 0x97 or 0x98: throw Malformed("it uses out-of-band buffers (NEXT_BUFFER/READONLY_BUFFER), which torch.save never writes");
            default: throw Malformed(string.Create(CultureInfo.InvariantCulture, $"byte 0x{opcode:x2} at position {_input.Position - 1} is not a pickle opcode"));
        }
    }

    private PyTorchRefusedException Malformed(string reason) => _context.Malformed(reason);

    private void Push(object? value) => _stack.Add(value);

    private object? Peek(int depth = 0)
    {
        int index = _stack.Count - 1 - depth;
        return index >= 0 ? _stack[index] : throw Malformed("an opcode reads past the bottom of the pickle's stack");
    }

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() >= _stack.Count))
        {
            throw Malformed("an opcode pops past a mark or the bottom of the pickle's stack");
        }

        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Malformed("an opcode needs a mark, but none is open");
        }

        int mark = _marks.Pop();
        object?[] items = [.. _stack.Skip(mark)];
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private PyTorchTuple TupleOfTop(int count)
    {
        var items = new object?[count];
        for (int index = count - 1; index >= 0; index--)
        {
            items[index] = Pop();
        }

        return new PyTorchTuple(items);
    }

    private object? MemoGet(long key) =>
        _memo.TryGetValue(key, out object? value)
            ? value
            : throw Malformed(string.Create(CultureInfo.InvariantCulture, $"it reads memo entry {key}, which was never stored (the memo holds {_memo.Count} entries)"));

    private long Length(long length) =>
        length < 0 ? throw Malformed("a length is negative") : length;

    private static long ParseIntLine(string line) => line switch
    {
        "00" => 0,
        "01" => 1,
        _ => long.Parse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
    };

    private object ReadLong(long byteCount)
    {
        var bytes = _input.Take(byteCount);
        return Normalize(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));
    }

    /// <summary>Python has one int type; one that fits is a <see cref="long"/>, so callers compare and convert simply.</summary>
#pragma warning disable CA1859 // the point is to return a long when it fits, a BigInteger only when not
    private static object Normalize(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (long)value : (object)value;
#pragma warning restore CA1859

    private string Utf8(long byteCount)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(_input.Take(byteCount));
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("a string is not valid UTF-8");
        }
    }

    private string Latin1(long byteCount) => Encoding.Latin1.GetString(_input.Take(byteCount));

    private string ParseQuotedString(string line) =>
        line.Length >= 2 && (line[0] is '\'' or '"') && line[^1] == line[0]
            ? line[1..^1]
            : throw Malformed("a protocol-0 STRING is not quoted");
}

using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Ratchet.PyTorch.Pickle;

namespace Ratchet.PyTorch.Export;

/// <summary>
/// Writes values as a protocol-2 pickle the way torch.save lays out a checkpoint, naming only the globals a
/// <c>torch.load(weights_only=True)</c> allows: <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c> and the
/// typed storages. Each tensor gets its own storage, numbered in the order met; the caller writes the storages.
/// </summary>
internal sealed class PickleWriter : IDisposable
{
    private readonly MemoryStream _output = new();
    private readonly List<ExportTensor> _storages = [];

    /// <summary>The tensors in storage-key order (key = index).</summary>
    public IReadOnlyList<ExportTensor> Storages => _storages;

    public byte[] Write(object? root)
    {
        _output.Write([0x80, 0x02]); // PROTO 2
        Value(root, 0);
        _output.WriteByte((byte)'.');
        return _output.ToArray();
    }

    public void Dispose() => _output.Dispose();

    private void Value(object? value, int depth)
    {
        if (depth > PyTorchLeaves.MaxDepth)
        {
            throw new PyTorchRefusedException("A value to export nests too deeply.", []);
        }

        switch (value)
        {
            case null: Op('N'); break;
            case bool flag: _output.WriteByte(flag ? (byte)0x88 : (byte)0x89); break;
            case long number: Integer(number); break;
            case BigInteger number: Long(number); break;
            case double number:
                Op('G');
                Span<byte> bits = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(bits, number);
                _output.Write(bits);
                break;
            case string text: Text(text); break;
            case PyTorchTuple tuple: Tuple(tuple, depth); break;
            case PyTorchList list:
                Op(']');
                Items(list, depth, 'e');
                break;
            case PyTorchDict dict: Dict(dict, depth); break;
            case ExportTensor tensor: Tensor(tensor); break;
            default:
                throw new PyTorchRefusedException($"A {PickleMachine.Describe(value)} cannot be written to a file that torch.load(weights_only=True) accepts.", []);
        }
    }

    private void Integer(long number)
    {
        switch (number)
        {
            case >= 0 and <= byte.MaxValue:
                Op('K');
                _output.WriteByte((byte)number);
                break;
            case >= 0 and <= ushort.MaxValue:
                Op('M');
                Span<byte> two = stackalloc byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(two, (ushort)number);
                _output.Write(two);
                break;
            case >= int.MinValue and <= int.MaxValue:
                Op('J');
                Span<byte> four = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(four, (int)number);
                _output.Write(four);
                break;
            default:
                Long(number);
                break;
        }
    }

    private void Long(BigInteger number)
    {
        byte[] bytes = number.ToByteArray(isUnsigned: false, isBigEndian: false);
        _output.WriteByte(0x8a); // LONG1
        _output.WriteByte(checked((byte)bytes.Length));
        _output.Write(bytes);
    }

    private void Text(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
        _output.Write(length);
        _output.Write(bytes);
    }

    #pragma warning disable CA1859 // tensors' shapes come as plain lists too
    private void Tuple(IReadOnlyList<object?> items, int depth)
    {
        if (items.Count == 0)
        {
            Op(')');
            return;
        }

        if (items.Count > 3)
        {
            Op('(');
        }

        foreach (object? item in items)
        {
            Value(item, depth + 1);
        }

        _output.WriteByte(items.Count switch { 1 => 0x85, 2 => 0x86, 3 => 0x87, _ => (byte)'t' });
    }
#pragma warning restore CA1859

    private void Items(PyTorchList items, int depth, char closing)
    {
        if (items.Count == 0)
        {
            return;
        }

        Op('(');
        foreach (object? item in items)
        {
            Value(item, depth + 1);
        }

        Op(closing);
    }

    private void Dict(PyTorchDict dict, int depth)
    {
        if (dict.IsOrdered)
        {
            Global("collections", "OrderedDict");
            Op(')');
            Op('R');
        }
        else
        {
            Op('}');
        }

        if (dict.Count == 0)
        {
            return;
        }

        Op('(');
        foreach (var (key, item) in dict)
        {
            Value(key, depth + 1);
            Value(item, depth + 1);
        }

        Op('u');
    }

    /// <summary><c>_rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())</c> over a storage of its own, in C order.</summary>
    private void Tensor(ExportTensor tensor)
    {
        string key = _storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _storages.Add(tensor);
        long elements = tensor.Info.ElementCount;
        Global("torch._utils", "_rebuild_tensor_v2");
        Op('(');
        Op('(');
        Text("storage");
        Global("torch", tensor.DType.StorageClass());
        Text(key);
        Text("cpu");
        Integer(elements);
        Op('t');
        Op('Q'); // BINPERSID
        Integer(0);
        Tuple([.. tensor.Info.Shape.Cast<object?>()], 1);
        Tuple([.. Strides(tensor.Info.Shape).Cast<object?>()], 1);
        _output.WriteByte(0x89); // requires_grad = False
        Global("collections", "OrderedDict");
        Op(')');
        Op('R');
        Op('t');
        Op('R');
    }

    private static long[] Strides(IReadOnlyList<long> shape)
    {
        var strides = new long[shape.Count];
        long stride = 1;
        for (int dimension = shape.Count - 1; dimension >= 0; dimension--)
        {
            strides[dimension] = stride;
            stride *= Math.Max(1, shape[dimension]);
        }

        return strides;
    }

    private void Global(string module, string name)
    {
        Op('c');
        _output.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private void Op(char opcode) => _output.WriteByte((byte)opcode);
}

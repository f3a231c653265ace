using System.Buffers.Binary;
using System.Numerics;

namespace Ratchet.Checksums;

// Single-lane placeholder; replaced by the interleaved implementation.
internal sealed class Crc32C
{
    private uint _state = uint.MaxValue;

    public uint Current => ~_state;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32C();
        crc.Append(data);
        return crc.Current;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        uint state = _state;
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        _state = state;
    }
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Ratchet.Checksums;

/// <summary>The raw register update: three independent crc32 chains over large inputs, one over the rest.</summary>
internal sealed partial class Crc32C
{
    // The crc32 instruction takes 3 cycles but a new one can start every cycle, so one chain uses a
    // third of the unit. Three chains over adjacent thirds of a block keep it busy; their registers are
    // then joined by shifting the earlier ones over the later lanes' length (see Crc32CZeroShift).
    private const int LaneCount = 3;

    // Longest lanes first. Long lanes make the fixed cost of joining negligible and give the hardware
    // prefetcher long runs to follow; shorter ones still beat a single chain on what is left over. Each
    // length is a multiple of 8, so every step reads a whole ulong.
    private static readonly Crc32CZeroShift[] LaneShifts = [new(32 * 1024), new(4 * 1024), new(256)];

    private static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        ref byte next = ref MemoryMarshal.GetReference(data);
        nuint remaining = (nuint)data.Length;

        foreach (Crc32CZeroShift laneShift in LaneShifts)
        {
            nuint blockLength = LaneCount * (nuint)laneShift.ByteCount;
            while (remaining >= blockLength)
            {
                register = UpdateLanes(register, ref next, laneShift);
                next = ref Unsafe.Add(ref next, blockLength);
                remaining -= blockLength;
            }
        }

        return UpdateSingleLane(register, ref next, remaining);
    }

    /// <summary>Feeds <c>3 * laneShift.ByteCount</c> bytes as three chains and joins them.</summary>
    private static uint UpdateLanes(uint register, ref byte block, Crc32CZeroShift laneShift)
    {
        nuint laneLength = (nuint)laneShift.ByteCount;
        ref byte lane1 = ref Unsafe.Add(ref block, laneLength);
        ref byte lane2 = ref Unsafe.Add(ref block, 2 * laneLength);

        // Lanes 1 and 2 start from zero so each holds only its own bytes' contribution; lane 0 carries
        // everything before the block.
        ulong crc0 = register;
        ulong crc1 = 0;
        ulong crc2 = 0;
        for (nuint offset = 0; offset < laneLength; offset += sizeof(ulong))
        {
            crc0 = Step(crc0, ReadUInt64(ref block, offset));
            crc1 = Step(crc1, ReadUInt64(ref lane1, offset));
            crc2 = Step(crc2, ReadUInt64(ref lane2, offset));
        }

        return laneShift.Apply(laneShift.Apply((uint)crc0) ^ (uint)crc1) ^ (uint)crc2;
    }

    private static uint UpdateSingleLane(uint register, ref byte data, nuint length)
    {
        nuint offset = 0;
        for (; length - offset >= sizeof(ulong); offset += sizeof(ulong))
        {
            register = BitOperations.Crc32C(register, ReadUInt64(ref data, offset));
        }

        if (length - offset >= sizeof(uint))
        {
            uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref data, offset));
            register = BitOperations.Crc32C(register, BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
            offset += sizeof(uint);
        }

        if (length - offset >= sizeof(ushort))
        {
            ushort value = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref data, offset));
            register = BitOperations.Crc32C(register, BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
            offset += sizeof(ushort);
        }

        if (offset < length)
        {
            register = BitOperations.Crc32C(register, Unsafe.Add(ref data, offset));
        }

        return register;
    }

    // On x64 the 64-bit form keeps the register in a 64-bit variable; BitOperations returns uint, and
    // the zero-extension the JIT then inserts before each crc32 lengthens every chain's critical path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong crc, ulong data) =>
        Sse42.X64.IsSupported ? Sse42.X64.Crc32(crc, data) : BitOperations.Crc32C((uint)crc, data);

    // The CRC consumes a word's bytes lowest first, which must be the first byte in memory.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadUInt64(ref byte source, nuint offset)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}

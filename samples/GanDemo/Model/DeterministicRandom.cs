using System.Buffers.Binary;

namespace GanDemo.Model;

/// <summary>
/// A xoshiro256** generator whose whole state is four <see cref="ulong"/>s, so it can be saved and
/// restored exactly: a restored generator continues the very sequence the original would have produced.
/// </summary>
/// <remarks>
/// <see cref="Random"/> is not used because its state cannot be read out. Nothing is cached between
/// calls (not even the second Box–Muller value), so the four words really are the complete state.
/// </remarks>
public sealed class DeterministicRandom
{
    /// <summary>Length in bytes of <see cref="SaveState"/>'s result.</summary>
    public const int StateSize = 4 * sizeof(ulong);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose sequence is fully determined by <paramref name="seed"/>.</summary>
    public DeterministicRandom(ulong seed)
    {
        // SplitMix64 spreads any seed (even 0) over the state, as the xoshiro authors recommend.
        var mix = seed;
        _s0 = SplitMix64(ref mix);
        _s1 = SplitMix64(ref mix);
        _s2 = SplitMix64(ref mix);
        _s3 = SplitMix64(ref mix);
    }

    private DeterministicRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>Returns the next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        // Multiply-shift maps 64 bits onto the range; the bias is below 2^-32 for any int range.
        return (int)(((UInt128)NextUInt64() * (ulong)exclusiveMax) >> 64);
    }

    /// <summary>Returns a standard normal sample (Box–Muller, two uniforms per call, nothing cached).</summary>
    public double NextGaussian()
    {
        // 1 - u lies in (0, 1], so the logarithm is always finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        var angle = 2.0 * Math.PI * NextDouble();
        return radius * Math.Cos(angle);
    }

    /// <summary>Returns the complete state as <see cref="StateSize"/> little-endian bytes.</summary>
    public byte[] SaveState()
    {
        var bytes = new byte[StateSize];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0), _s0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), _s1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), _s2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), _s3);
        return bytes;
    }

    /// <summary>Recreates a generator from bytes produced by <see cref="SaveState"/>.</summary>
    /// <exception cref="ArgumentException">The bytes are not a valid saved state.</exception>
    public static DeterministicRandom Restore(ReadOnlySpan<byte> state)
    {
        if (state.Length != StateSize)
        {
            throw new ArgumentException(
                $"A saved random state is {StateSize} bytes, but {state.Length} were given. " +
                "Pass the bytes returned by SaveState unchanged.",
                nameof(state));
        }

        var s0 = BinaryPrimitives.ReadUInt64LittleEndian(state);
        var s1 = BinaryPrimitives.ReadUInt64LittleEndian(state[8..]);
        var s2 = BinaryPrimitives.ReadUInt64LittleEndian(state[16..]);
        var s3 = BinaryPrimitives.ReadUInt64LittleEndian(state[24..]);
        if ((s0 | s1 | s2 | s3) == 0)
        {
            // xoshiro's all-zero state is a fixed point: every later output would be 0.
            throw new ArgumentException(
                "The saved random state is all zeros, which no generator can reach. " +
                "The state was probably never written; restore from another checkpoint.",
                nameof(state));
        }

        return new DeterministicRandom(s0, s1, s2, s3);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

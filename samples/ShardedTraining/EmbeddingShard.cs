using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ShardedTraining;

/// <summary>
/// One rank's rows of an embedding table, trained with updates that depend only on (seed, epoch, row): each epoch
/// every row takes <see cref="StepsPerEpoch"/> gradient steps, in float32, towards a target drawn from a hash of
/// (seed, row, column) plus a little noise from a hash of (seed, epoch, row, column), through tanh. The result is the same bit for bit whichever process computes it and
/// however often the training is interrupted, so a resumed run can be compared with an uninterrupted one exactly.
/// </summary>
public sealed class EmbeddingShard
{
    public const int TotalRows = 4096;

    public const int Width = 64;

    public const int StepsPerEpoch = 8;

    private const float LearningRate = 0.05f;

    private readonly float[] _rows;
    private readonly ulong _seed;

    private EmbeddingShard(int firstRow, int rowCount, ulong seed, float[] rows)
    {
        FirstRow = firstRow;
        RowCount = rowCount;
        _seed = seed;
        _rows = rows;
    }

    /// <summary>The first global row this shard owns.</summary>
    public int FirstRow { get; }

    /// <summary>How many rows it owns.</summary>
    public int RowCount { get; }

    /// <summary>The byte length of <see cref="ToBytes"/>.</summary>
    public int ByteLength => _rows.Length * sizeof(float);

    /// <summary>The rows of <paramref name="rank"/>, initialized from the seed.</summary>
    public static EmbeddingShard Create(int rank, int worldSize, ulong seed)
    {
        int count = TotalRows / worldSize;
        var rows = new float[count * Width];
        for (int row = 0; row < count; row++)
        {
            for (int column = 0; column < Width; column++)
            {
                rows[(row * Width) + column] = 0.1f * Uniform(seed, 0, rank * count + row, column);
            }
        }

        return new EmbeddingShard(rank * count, count, seed, rows);
    }

    /// <summary>The rows of <paramref name="rank"/> as saved by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not this rank's rows.</exception>
    public static EmbeddingShard FromBytes(int rank, int worldSize, ulong seed, ReadOnlySpan<byte> bytes)
    {
        int count = TotalRows / worldSize;
        if (bytes.Length != count * Width * sizeof(float))
        {
            throw new InvalidDataException($"The saved rows of rank {rank} are {bytes.Length} bytes, not the {count * Width * sizeof(float)} of {count} rows x {Width} floats.");
        }

        var rows = new float[count * Width];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return new EmbeddingShard(rank * count, count, seed, rows);
    }

    /// <summary>The rows as raw little-endian float32, row after row.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(_rows.AsSpan()).CopyTo(bytes);
        }
        else
        {
            for (int i = 0; i < _rows.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), _rows[i]);
            }
        }

        return bytes;
    }

    /// <summary>Trains rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of this shard
    /// (local indexes) for one epoch; returns their summed loss after the epoch's last step.</summary>
    public double TrainRows(long epoch, int start, int count)
    {
        double loss = 0;
        Span<float> target = stackalloc float[Width];
        for (int local = start; local < start + count; local++)
        {
            int row = FirstRow + local;
            for (int column = 0; column < Width; column++)
            {
                target[column] = (0.8f * Uniform(_seed, -1, row, column)) + (0.1f * Uniform(_seed, epoch, row, column));
            }

            var weights = _rows.AsSpan(local * Width, Width);
            for (int step = 0; step < StepsPerEpoch; step++)
            {
                for (int column = 0; column < Width; column++)
                {
                    // loss = 0.5 (tanh(w) - t)^2, so dloss/dw = (tanh(w) - t)(1 - tanh(w)^2)
                    float y = MathF.Tanh(weights[column]);
                    weights[column] -= LearningRate * (y - target[column]) * (1f - (y * y));
                }
            }

            for (int column = 0; column < Width; column++)
            {
                float error = MathF.Tanh(weights[column]) - target[column];
                loss += 0.5 * error * error;
            }
        }

        return loss;
    }

    /// <summary>A value in [-1, 1) from a hash of its coordinates (SplitMix64 finalizer over the combined key).</summary>
    private static float Uniform(ulong seed, long epoch, int row, int column)
    {
        ulong x = seed * 0x9E3779B97F4A7C15UL;
        x ^= (ulong)epoch * 0xBF58476D1CE4E5B9UL;
        x ^= ((ulong)(uint)row << 32) | (uint)column;
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return ((x >> 40) * (1f / (1 << 24)) * 2f) - 1f;
    }
}

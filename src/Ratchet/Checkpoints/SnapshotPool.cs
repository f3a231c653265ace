using System.Runtime.InteropServices;

namespace Ratchet.Checkpoints;

/// <summary>
/// The memory a background save's snapshot lives in: fixed-size chunks, kept and reused from one save to the next, so
/// that a run saving in the background holds at most its state's size (per save in flight) plus part of one chunk, and
/// stops allocating after the first save. Thread-safe: a snapshot is taken on the training thread and released by the
/// background writer.
/// </summary>
internal sealed class SnapshotPool
{
    public const int ChunkSize = 4 << 20;

    private readonly Stack<byte[]> _free = new();

    public byte[] Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out byte[]? chunk))
            {
                return chunk;
            }
        }

        // Uninitialized: every byte a snapshot reads back was first written by the snapshot itself.
        return GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
    }

    public void Return(IEnumerable<byte[]> chunks)
    {
        lock (_free)
        {
            foreach (byte[] chunk in chunks)
            {
                _free.Push(chunk);
            }
        }
    }

    /// <summary>A write-only stream that copies what it is given into the pool's chunks.</summary>
    public sealed class Buffer(SnapshotPool pool) : Stream
    {
        private readonly List<byte[]> _chunks = [];
        private int _used = ChunkSize;

        public long Length64 { get; private set; }

        public IReadOnlyList<byte[]> Chunks => _chunks;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Length64;

        public override long Position
        {
            get => Length64;
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                if (_used == ChunkSize)
                {
                    _chunks.Add(pool.Rent());
                    _used = 0;
                }

                int count = Math.Min(buffer.Length, ChunkSize - _used);
                buffer[..count].CopyTo(_chunks[^1].AsSpan(_used));
                _used += count;
                Length64 += count;
                buffer = buffer[count..];
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        /// <summary>Writes the copied bytes, in order, into <paramref name="destination"/>.</summary>
        public async Task ReplayAsync(Stream destination, CancellationToken cancellationToken)
        {
            long left = Length64;
            foreach (byte[] chunk in _chunks)
            {
                int count = (int)Math.Min(left, ChunkSize);
                await destination.WriteAsync(chunk.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                left -= count;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

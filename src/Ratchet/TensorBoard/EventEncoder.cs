using System.Buffers.Binary;
using System.Text;

namespace Ratchet.TensorBoard;

/// <summary>
/// The few fields of TensorBoard's <c>Event</c> protobuf that scalars need, written by hand (no protobuf dependency in the
/// core): Event{1: wall_time (double), 2: step (int64), 3: file_version (string), 5: summary, 6: session_log};
/// Summary{1: value}; Value{1: tag, 2: simple_value (float)}; SessionLog{1: status (START = 1)}.
/// </summary>
internal static class EventEncoder
{
    public static byte[] FileVersion(double wallTime) =>
        Event(wallTime, step: 0, body => WriteBytes(body, 3, "brain.Event:2"u8));

    public static byte[] Scalar(double wallTime, long step, string tag, float value) =>
        Event(wallTime, step, body =>
        {
            var valueMessage = new List<byte>();
            WriteBytes(valueMessage, 1, Encoding.UTF8.GetBytes(tag));
            valueMessage.Add((2 << 3) | 5); // simple_value, fixed32
            Span<byte> bits = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(bits, value);
            valueMessage.AddRange(bits.ToArray());
            var summary = new List<byte>();
            WriteBytes(summary, 1, [.. valueMessage]);
            WriteBytes(body, 5, [.. summary]);
        });

    /// <summary>A session START at <paramref name="step"/>: TensorBoard then drops the points at and after it that an
    /// earlier session logged, so a resumed run's curves match its history.</summary>
    public static byte[] SessionStart(double wallTime, long step) =>
        Event(wallTime, step, body => WriteBytes(body, 6, [(1 << 3) | 0, 1]));

    private static byte[] Event(double wallTime, long step, Action<List<byte>> writeBody)
    {
        var message = new List<byte> { (1 << 3) | 1 }; // wall_time, fixed64
        Span<byte> bits = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bits, wallTime);
        message.AddRange(bits.ToArray());
        if (step != 0)
        {
            message.Add((2 << 3) | 0);
            WriteVarint(message, (ulong)step);
        }

        writeBody(message);
        return [.. message];
    }

    private static void WriteBytes(List<byte> message, int field, ReadOnlySpan<byte> bytes)
    {
        message.Add((byte)((field << 3) | 2));
        WriteVarint(message, (ulong)bytes.Length);
        message.AddRange(bytes.ToArray());
    }

    private static void WriteVarint(List<byte> message, ulong value)
    {
        while (value >= 0x80)
        {
            message.Add((byte)(value | 0x80));
            value >>= 7;
        }

        message.Add((byte)value);
    }
}

using System.Buffers;
using System.Text;

namespace Ratchet.Tensors;

/// <summary>
/// JSON text exactly as the reference implementation (serde_json) writes it, so that headers are
/// byte-identical: compact, non-ASCII left as UTF-8, only quote, backslash and control characters escaped,
/// with the short escapes where JSON has them and lowercase <c>\u00xx</c> otherwise.
/// </summary>
internal static class HeaderText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsWellFormed(string text)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>UTF-8 bytes of <paramref name="text"/>; throws <see cref="ArgumentException"/> on an unpaired surrogate.</summary>
    public static byte[] Encode(string text, string what)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"{what} '{FormatErrors.Quote(text)}' contains an unpaired surrogate and cannot be written as UTF-8.", e);
        }
    }

    public static void WriteString(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        WriteAscii(output, "\"");
        int start = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            string? escape = b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\b' => "\\b",
                (byte)'\t' => "\\t",
                (byte)'\n' => "\\n",
                (byte)'\f' => "\\f",
                (byte)'\r' => "\\r",
                < 0x20 => $"\\u00{b:x2}",
                _ => null,
            };
            if (escape is not null)
            {
                output.Write(utf8[start..i]);
                WriteAscii(output, escape);
                start = i + 1;
            }
        }

        output.Write(utf8[start..]);
        WriteAscii(output, "\"");
    }

    public static void WriteAscii(ArrayBufferWriter<byte> output, string ascii)
    {
        Span<byte> target = output.GetSpan(ascii.Length);
        int written = Encoding.ASCII.GetBytes(ascii, target);
        output.Advance(written);
    }
}

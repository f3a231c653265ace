using System.Globalization;
using System.Text;

namespace Ratchet.Tensors;

/// <summary>
/// Builds the messages of <see cref="SafetensorsFormatException"/>. Names come from untrusted headers,
/// so they are shortened and their control characters escaped before they reach a log line.
/// </summary>
internal static class FormatErrors
{
    private const int MaxQuotedLength = 80;

    public static SafetensorsFormatException File(string? source, string rule, Exception? inner = null) =>
        Create(source is null ? $"The safetensors data is invalid: {rule}." : $"'{source}' is not a valid safetensors file: {rule}.", inner);

    public static SafetensorsFormatException Tensor(string? source, string tensor, string rule, Exception? inner = null) =>
        Create($"Tensor '{Quote(tensor)}' in {(source is null ? "the safetensors data" : $"'{source}'")}: {rule}.", inner);

    public static string Quote(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxQuotedLength) + 8);
        foreach (char c in text.Length > MaxQuotedLength ? text.AsSpan(0, MaxQuotedLength) : text.AsSpan())
        {
            _ = char.IsControl(c)
                ? builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}")
                : builder.Append(c);
        }

        return text.Length > MaxQuotedLength ? builder.Append("...").ToString() : builder.ToString();
    }

    public static string Shape(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    public static string Offsets(long begin, long end) =>
        string.Create(CultureInfo.InvariantCulture, $"[{begin}, {end}]");

    private static SafetensorsFormatException Create(string message, Exception? inner) =>
        inner is null ? new SafetensorsFormatException(message) : new SafetensorsFormatException(message, inner);
}

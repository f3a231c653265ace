using System.Globalization;
using System.Text;

namespace Ratchet.Retention;

/// <summary>Renders a rule's duration the way a user would type it ("6h", "1d12h", "90s") for reasons and logs.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return duration.ToString("c", CultureInfo.InvariantCulture);
        }

        var text = new StringBuilder();
        Append(text, duration.Days, 'd');
        Append(text, duration.Hours, 'h');
        Append(text, duration.Minutes, 'm');
        Append(text, duration.Seconds, 's');
        return text.ToString();
    }

    private static void Append(StringBuilder text, int value, char unit)
    {
        if (value != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value}{unit}");
        }
    }
}

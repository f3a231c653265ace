using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Ratchet.PyTorch.Folders;

/// <summary>Applio/RVC's file names: <c>G_&lt;n&gt;.pth</c> and <c>D_&lt;n&gt;.pth</c>, where n is the global step, or the
/// fixed 2333333 of "save only latest"; and how the tool ranks them (all digits of the name concatenated).</summary>
internal static partial class ApplioNames
{
    /// <summary>The number "save only latest" writes instead of a step.</summary>
    public const long LatestNumber = 2333333;

    /// <summary>The number in a <c>G_n.pth</c>/<c>D_n.pth</c> name, or null for other names.</summary>
    public static long? Number(string fileName) =>
        TrainingName().Match(fileName) is { Success: true } match && long.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long number)
            ? number
            : null;

    /// <summary>Whether the name matches Applio's glob for a role (<c>G_*.pth</c> or <c>D_*.pth</c>), as the tool's own pick does.</summary>
    public static bool MatchesGlob(string fileName, string role) =>
        fileName.StartsWith(role + "_", StringComparison.Ordinal) && fileName.EndsWith(".pth", StringComparison.Ordinal);

    /// <summary>The tool's rank of a file: every digit of its name, concatenated, read as one number (0 when there are none).</summary>
    public static BigInteger DigitRank(string fileName)
    {
        string digits = string.Concat(fileName.Where(char.IsAsciiDigit));
        return digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^([GD])_([0-9]+)\\.pth$", RegexOptions.CultureInvariant)]
    private static partial Regex TrainingName();
}

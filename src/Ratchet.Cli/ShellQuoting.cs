namespace Ratchet.Cli;

/// <summary>Quotes a path for the commands Ratchet suggests in its messages, so they work when pasted into a POSIX
/// shell even for paths with spaces or quotes.</summary>
internal static class ShellQuoting
{
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(character => char.IsAsciiLetterOrDigit(character) || "/._-+=:,@%".Contains(character))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

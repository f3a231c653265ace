namespace Ratchet.S3;

/// <summary>Checks the names the core passes before they become keys: one plain segment each, so that a hostile
/// manifest (a part named <c>../x</c> or <c>a/b</c>) can never reach an object outside its checkpoint.</summary>
internal static class S3Names
{
    public static string Segment(string name, string what)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.Any(char.IsControl))
        {
            throw new IOException($"'{name}' is not a valid {what} name in an object store (it must be one plain path segment); nothing was read or written.");
        }

        return name;
    }
}

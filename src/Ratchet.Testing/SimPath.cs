namespace Ratchet.Testing;

/// <summary>Lexical path rules of the simulator: absolute, '/'-separated, "." dropped, ".." popped.</summary>
internal static class SimPath
{
    public const string Root = "/";

    public static string Normalize(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            throw new ArgumentException($"The simulated file system takes absolute paths only; '{path}' is relative.", nameof(path));
        }

        var parts = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (segment != ".")
            {
                parts.Add(segment);
            }
        }

        return Root + string.Join('/', parts);
    }

    public static string[] Segments(string normalized) => normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public static string Combine(string directory, string name) => directory == Root ? Root + name : directory + "/" + name;

    public static string Join(IEnumerable<string> segments) => Root + string.Join('/', segments);
}

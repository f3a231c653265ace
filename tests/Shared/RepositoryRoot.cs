namespace Ratchet.TestSupport;

/// <summary>The repository the tests were built from: the nearest folder above the test binaries holding Ratchet.slnx.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ratchet.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ratchet.slnx above '{AppContext.BaseDirectory}': the tests must run from a build inside the repository.");
    }
}

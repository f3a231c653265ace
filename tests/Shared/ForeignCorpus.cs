namespace Ratchet.TestSupport;

/// <summary>The corpus of training-run folders written by real PyTorch (Applio/RVC and Demucs/Dora shapes, hostile files):
/// where <c>RATCHET_FOREIGN_CORPUS</c> points, else <c>shared/testdata/foreign</c> beside the repository
/// (<c>../shared/testdata/foreign</c>) or beside one of its parent folders.</summary>
internal static class ForeignCorpus
{
    public static string Path { get; } = Find();

    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    private static bool IsCorpus(string path) => File.Exists(System.IO.Path.Combine(path, "expected.json"));

    private static string Find()
    {
        string? configured = Environment.GetEnvironmentVariable("RATCHET_FOREIGN_CORPUS");
        if (!string.IsNullOrEmpty(configured))
        {
            string path = System.IO.Path.GetFullPath(configured);
            return IsCorpus(path) ? path : throw new InvalidOperationException($"RATCHET_FOREIGN_CORPUS points to '{path}', which holds no expected.json.");
        }

        for (var directory = Directory.GetParent(RepositoryRoot.Path); directory is not null; directory = directory.Parent)
        {
            string candidate = System.IO.Path.Combine(directory.FullName, "shared", "testdata", "foreign");
            if (IsCorpus(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "The PyTorch corpus is missing: no shared/testdata/foreign/expected.json beside the repository or any folder above it. "
            + "Put the corpus at ../shared/testdata/foreign, or set RATCHET_FOREIGN_CORPUS to its folder.");
    }
}

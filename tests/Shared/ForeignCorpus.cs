namespace Ratchet.TestSupport;

/// <summary>The corpus of training-run folders written by real PyTorch (Applio/RVC and Demucs/Dora shapes, hostile files),
/// beside the repository in <c>../shared/testdata/foreign</c>, or where <c>RATCHET_FOREIGN_CORPUS</c> points.</summary>
internal static class ForeignCorpus
{
    public static string Path { get; } = Find();

    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        string? configured = Environment.GetEnvironmentVariable("RATCHET_FOREIGN_CORPUS");
        string path = string.IsNullOrEmpty(configured)
            ? System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot.Path, "..", "shared", "testdata", "foreign"))
            : System.IO.Path.GetFullPath(configured);
        return File.Exists(System.IO.Path.Combine(path, "expected.json"))
            ? path
            : throw new InvalidOperationException(
                $"The PyTorch corpus is missing: no expected.json in '{path}'. Put the corpus at ../shared/testdata/foreign beside the repository, or set RATCHET_FOREIGN_CORPUS.");
    }
}

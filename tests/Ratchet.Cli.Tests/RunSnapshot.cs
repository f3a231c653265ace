namespace Ratchet.Cli.Tests;

/// <summary>A run directory captured entry by entry, to prove a command changed nothing.</summary>
public static class RunSnapshot
{
    /// <summary>Every entry under the run: its kind, its bytes, and when it (or, for a directory, its listing) last changed.</summary>
    public static SortedDictionary<string, string> Take(string run)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(run).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            string path = Path.GetRelativePath(run, info.FullName);
            entries[path] = info switch
            {
                FileInfo file => $"file {file.LastWriteTimeUtc:O} {Convert.ToHexString(UnlockedRead.AllBytes(file.FullName))}",
                _ => $"directory {info.LastWriteTimeUtc:O}",
            };
        }

        entries["."] = $"directory {Directory.GetLastWriteTimeUtc(run):O}";
        return entries;
    }

    /// <summary>Fails naming the first entry that appeared, vanished or changed since <paramref name="before"/>.</summary>
    public static void ShouldBeUnchangedFrom(this SortedDictionary<string, string> after, SortedDictionary<string, string> before)
    {
        after.Keys.ShouldBe(before.Keys, ignoreOrder: false);
        foreach (var (path, entry) in before)
        {
            after[path].ShouldBe(entry, $"'{path}' changed");
        }
    }
}

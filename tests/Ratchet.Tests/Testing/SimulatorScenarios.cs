using Ratchet.Storage.Local;
using Ratchet.Storage;
using Ratchet.Testing;

namespace Ratchet.Tests.Testing;

/// <summary>Small building blocks shared by the simulator's tests.</summary>
internal static class SimulatorScenarios
{
    /// <summary>A file system holding a durable, empty "/runs".</summary>
    public static CrashSimulatingFileSystem WithRuns()
    {
        var fs = new CrashSimulatingFileSystem();
        fs.CreateDirectory("/runs");
        fs.SyncDirectory("/");
        return fs;
    }

    public static byte[] Bytes(int count, int seed = 0) => [.. Enumerable.Range(0, count).Select(i => (byte)((i * 31) + seed + 1))];

    /// <summary>Creates, writes and syncs a file, and syncs its directory: all of it durable.</summary>
    public static async Task WriteDurableAsync(IFileSystem fs, string path, byte[] bytes)
    {
        using (var file = fs.CreateFile(path))
        {
            await file.WriteAsync(bytes, CancellationToken.None);
            file.Sync();
        }

        fs.SyncDirectory(path[..path.LastIndexOf('/')] is { Length: > 0 } parent ? parent : "/");
    }

    /// <summary>The crash states of many seeds, for "may" and "never" assertions.</summary>
    public static IEnumerable<CrashSimulatingFileSystem> RandomCrashes(CrashSimulatingFileSystem fs, int count = 200, CrashOptions? options = null) =>
        Enumerable.Range(0, count).Select(seed => fs.CrashNow(new Random(seed), options));

    /// <summary>The textbook atomic replace: write a temporary file, sync it, rename it over the target,
    /// sync the directory. Each step can be left out to show that a sweep catches the omission.</summary>
    public static async Task AtomicWriteAsync(IFileSystem fs, string path, byte[] bytes, bool syncFile = true, bool syncDirectory = true)
    {
        var temporary = path + ".tmp";
        using (var file = fs.CreateFile(temporary))
        {
            await file.WriteAsync(bytes, CancellationToken.None);
            if (syncFile)
            {
                file.Sync();
            }
        }

        fs.Rename(temporary, path, replace: true);
        if (syncDirectory)
        {
            fs.SyncDirectory(path[..path.LastIndexOf('/')]);
        }
    }
}

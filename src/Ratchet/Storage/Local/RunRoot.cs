using System.Runtime.InteropServices;

namespace Ratchet.Storage.Local;

/// <summary>
/// Where a run directory really is. Users keep runs behind links (<c>runs -&gt; /data/runs</c>), so the run root and
/// its parents may be symbolic links; they are resolved once, here, and everything inside the run is then reached by
/// its real path, where a link stays refused.
/// </summary>
internal static class RunRoot
{
    public static string Resolve(string directory)
    {
        string full = Path.GetFullPath(directory);

        // realpath(3) needs an existing path: resolve the longest existing prefix, then append what does not exist yet.
        string existing = full;
        var missing = new Stack<string>();
        while (!Path.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            missing.Push(Path.GetFileName(existing));
            existing = parent;
        }

        nint resolved = LibC.RealPath(existing, 0);
        if (resolved == 0)
        {
            return full; // a dangling link or no permission: the open reports the problem with the path as given
        }

        try
        {
            string real = Marshal.PtrToStringUTF8(resolved) ?? existing;
            return missing.Aggregate(real, Path.Combine);
        }
        finally
        {
            LibC.Free(resolved);
        }
    }
}

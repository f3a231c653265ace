using System.Runtime.InteropServices;

namespace Ratchet.Storage.Local;

/// <summary>
/// fsync of a directory, which .NET has no call for. Without it, a rename or a new file inside the
/// directory may be lost at power loss even though the file's own data was synced.
/// </summary>
internal static class DirectorySync
{
    public static void Sync(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return; // Windows commits directory entries with the metadata journal; there is nothing to open.
        }

        int descriptor = LibC.Open(path, LibC.ReadOnly | (OperatingSystem.IsLinux() ? LibC.DirectoryOnly | LibC.CloseOnExec : 0));
        if (descriptor < 0)
        {
            throw new IOException($"Could not open directory '{path}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (LibC.FileSync(descriptor) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()}); its recent renames may not be durable.");
            }
        }
        finally
        {
            _ = LibC.Close(descriptor);
        }
    }
}

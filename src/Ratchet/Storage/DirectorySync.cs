using System.Runtime.InteropServices;

namespace Ratchet.Storage;

/// <summary>
/// fsync of a directory, which .NET has no call for. Without it, a rename or a new file inside the
/// directory may be lost at power loss even though the file's own data was synced.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int DirectoryOnly = 0x10000; // O_DIRECTORY on Linux
    private const int CloseOnExec = 0x80000;   // O_CLOEXEC on Linux

    public static void Sync(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return; // Windows commits directory entries with the metadata journal; there is nothing to open.
        }

        int descriptor = Open(path, ReadOnly | (OperatingSystem.IsLinux() ? DirectoryOnly | CloseOnExec : 0));
        if (descriptor < 0)
        {
            throw new IOException($"Could not open directory '{path}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (FileSync(descriptor) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()}); its recent renames may not be durable.");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FileSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}

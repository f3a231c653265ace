using System.Runtime.InteropServices;

namespace Ratchet.Storage.Local;

/// <summary>The few POSIX calls .NET does not offer: opening a directory to fsync or lock it, and reading a file
/// without the advisory lock every .NET open takes.</summary>
internal static unsafe partial class LibC
{
    public const int ReadOnly = 0;
    public const int DirectoryOnly = 0x10000; // O_DIRECTORY on Linux
    public const int CloseOnExec = 0x80000;   // O_CLOEXEC on Linux

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int FileSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int descriptor, int operation);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);
}

using System.Runtime.InteropServices;

namespace Ratchet.Cli.Tests;

/// <summary>Reads a file with plain open(2)/read(2). Every .NET open takes an flock, which fails on a run.lock a
/// writer holds; comparing that file's bytes needs a read that takes no lock at all.</summary>
internal static partial class UnlockedRead
{
    public static byte[] AllBytes(string path)
    {
        int descriptor = Open(path, 0);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open '{path}' (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            var content = new List<byte>();
            byte[] buffer = new byte[64 << 10];
            nint read;
            while ((read = Read(descriptor, buffer, buffer.Length)) > 0)
            {
                content.AddRange(buffer.AsSpan(0, (int)read));
            }

            return read < 0 ? throw new IOException($"Cannot read '{path}'.") : [.. content];
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int descriptor, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}

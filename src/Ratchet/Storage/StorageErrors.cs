namespace Ratchet.Storage;

/// <summary>Recognises operating-system errors that deserve their own advice.</summary>
internal static class StorageErrors
{
    private const int NoSpaceErrno = 28;      // ENOSPC on Linux
    private const int QuotaErrno = 122;       // EDQUOT on Linux
    private const int DiskFullWindows = unchecked((int)0x80070070);

    public static bool IsDiskFull(Exception error) =>
        error is IOException io && (io.HResult is NoSpaceErrno or QuotaErrno or DiskFullWindows
            || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase));
}

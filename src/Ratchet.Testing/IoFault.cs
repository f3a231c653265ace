namespace Ratchet.Testing;

/// <summary>An error <see cref="FaultInjectingFileSystem"/> makes an operation fail with. The operation then
/// has no effect, except that a failed <see cref="Ratchet.Storage.Local.IWritableFile.Sync"/> on a
/// <see cref="CrashSimulatingFileSystem"/> file leaves the unsynced data in an unknown state.</summary>
public enum IoFault
{
    /// <summary>EIO: an <see cref="IOException"/> "Input/output error" with HResult 5, as .NET throws on Linux.</summary>
    InputOutputError,

    /// <summary>ENOSPC: an <see cref="IOException"/> "No space left on device" with HResult 28, as .NET throws on Linux.</summary>
    NoSpace,
}

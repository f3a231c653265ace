namespace Ratchet.Testing;

/// <summary>
/// Thrown by every operation of a <see cref="CrashSimulatingFileSystem"/> once its simulated machine has
/// crashed (see <see cref="CrashSimulatingFileSystem.HaltAfter"/>), and by the handles it opened. It is
/// deliberately not an <see cref="IOException"/>: a power cut is not an I/O error that code could handle,
/// and code that catches it anyway cannot change the crashed state, since every later operation throws too.
/// </summary>
public sealed class SimulatedCrashException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SimulatedCrashException()
        : base("The simulated machine has crashed; no operation of this file system or its open handles runs any more.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

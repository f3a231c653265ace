namespace Ratchet.Testing;

/// <summary>A <see cref="CrashSweep"/> check failed; the message names the crash point and state, and the
/// inner exception is the check's own failure.</summary>
public sealed class CrashSweepException : Exception
{
    /// <summary>Creates the exception for a failed check at <paramref name="point"/>.</summary>
    public CrashSweepException(CrashPoint point, Exception innerException)
        : base($"The check failed on a {point}: {innerException?.Message}", innerException)
    {
        Point = point;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public CrashSweepException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public CrashSweepException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public CrashSweepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Where the check failed; null when the exception was not raised by a sweep.</summary>
    public CrashPoint? Point { get; }
}

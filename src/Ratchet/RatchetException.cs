namespace Ratchet;

/// <summary>The base of every error Ratchet raises on purpose. Messages are full sentences naming the
/// file, the part and the expected versus found values, ending with what the user can do.</summary>
public abstract class RatchetException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    protected RatchetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    protected RatchetException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

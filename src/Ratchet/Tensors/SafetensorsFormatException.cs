namespace Ratchet.Tensors;

/// <summary>
/// A safetensors file or stream breaks a rule of the format. The message names the file (when known),
/// the tensor (when one is at fault) and the rule that was broken. No tensor data is exposed from input
/// that fails validation.
/// </summary>
public sealed class SafetensorsFormatException : RatchetException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public SafetensorsFormatException()
        : base("The data is not a valid safetensors file.")
    {
    }

    /// <summary>Creates the exception with a message naming the file, the tensor and the rule.</summary>
    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public SafetensorsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

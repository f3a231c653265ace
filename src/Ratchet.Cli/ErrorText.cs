namespace Ratchet.Cli;

/// <summary>How the tool words an error that ended a command.</summary>
internal static class ErrorText
{
    /// <summary>The one sentence shown for an error. Ratchet's own messages already say what and where; anything
    /// else (an I/O error) is prefixed so the user knows the tool did not fail on purpose.</summary>
    public static string Describe(Exception error) => error switch
    {
        RatchetException => error.Message,
        OperationCanceledException => "Interrupted; nothing was changed.",
        IOException or UnauthorizedAccessException => $"A file could not be read or written: {error.Message} Check the path and its permissions.",
        _ => $"Unexpected error ({error.GetType().Name}): {error.Message} Run again with --verbose for details.",
    };
}

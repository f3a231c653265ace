using Microsoft.Extensions.Logging;

namespace Ratchet.History;

internal static partial class HistoryLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The last line of {Path} was torn by an interrupted append ('{Preview}'); it was moved to {RolledBack}.")]
    public static partial void TornLine(ILogger logger, string path, string preview, string rolledBack);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rolled back {Count} history record(s) past the restored checkpoint (step {Step}) to {RolledBack}.")]
    public static partial void RolledBack(ILogger logger, int count, long step, string rolledBack);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The history has {Count} record(s) but checkpoint step {Step} was committed when it had {Expected}; records were lost outside Ratchet.")]
    public static partial void ShorterThanCheckpoint(ILogger logger, int count, long step, long expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} holds {ZeroBytes} zero byte(s), the mark of a file shortened while a run was appending to it; the {Count} record(s) around them were kept and the zero bytes skipped.")]
    public static partial void ZeroBytes(ILogger logger, string path, long zeroBytes, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} was shortened from {Expected} to {Found} bytes while the run was open (an editor or a truncate?); it was re-read as it is now and appending continues at its end.")]
    public static partial void Shrunk(ILogger logger, string path, long expected, long found);
}

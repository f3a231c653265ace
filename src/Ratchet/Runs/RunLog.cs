using Microsoft.Extensions.Logging;

namespace Ratchet.Runs;

internal static partial class RunLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Stop requested ({Reason}): the run will save a checkpoint and exit. Send SIGINT again to exit at once.")]
    public static partial void StopRequested(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created run {Directory} with config signature {Signature}.")]
    public static partial void Created(ILogger logger, string directory, string signature);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted an allowed config change: {Change}.")]
    public static partial void ConfigChanged(ILogger logger, ConfigDifference change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Set aside {Item} under {Destination}.")]
    public static partial void SetAside(ILogger logger, string item, string destination);

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept {File}: debris of an interrupted write.")]
    public static partial void SweptFile(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {File}: {Reason}")]
    public static partial void InformationalNotWritten(ILogger logger, string file, string reason);
}

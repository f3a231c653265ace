using Microsoft.Extensions.Logging;

namespace Ratchet.Checkpoints;

/// <summary>The log lines of the checkpoint feature: one per decision a user cares about.</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Committed checkpoint step {Step} (epoch {Epoch}, {Parts} parts, {Bytes} bytes) in {Milliseconds} ms.")]
    public static partial void Committed(ILogger logger, long step, long epoch, int parts, long bytes, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the unfinished save '{Path}' ({Error}); the next open of the run will sweep it.")]
    public static partial void PendingNotRemoved(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other ranks that the save of step {Step} was abandoned ({Error}); they stop at their timeout.")]
    public static partial void AbandonNotPublished(ILogger logger, long step, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passed over damaged checkpoint {Directory}: {Problems}")]
    public static partial void PassedOverDamaged(ILogger logger, string directory, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Decision}")]
    public static partial void Decision(ILogger logger, string decision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept {Debris}: debris of an interrupted {Operation}.")]
    public static partial void Swept(ILogger logger, string debris, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Directory}: {Reasons}.")]
    public static partial void Pruned(ILogger logger, string directory, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failure}")]
    public static partial void PruneFailed(ILogger logger, string failure);
}

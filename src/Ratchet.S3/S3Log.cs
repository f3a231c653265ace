using Microsoft.Extensions.Logging;

namespace Ratchet.S3;

/// <summary>The decisions of the S3 store a user cares about, one line each.</summary>
internal static partial class S3Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Took over the writer lock of {Location} from {Holder}, whose lease was last renewed at {Renewed:u} (more than {LeaseSeconds} s ago): that writer is presumed dead")]
    public static partial void TookOverLease(ILogger logger, string location, string holder, DateTimeOffset renewed, double leaseSeconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Lost the writer lock of {Location}: {Reason}; nothing more will be committed or removed by this process")]
    public static partial void LostLease(ILogger logger, string location, string reason);
}

namespace Ratchet.S3.Tests.Runs;

/// <summary>The system clock moved forward: a dead writer's lease looks expired without waiting a lease.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

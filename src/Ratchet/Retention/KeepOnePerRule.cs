using System.Globalization;

namespace Ratchet.Retention;

internal sealed class KeepOnePerRule(TimeSpan period) : RetentionPolicy
{
    internal override string Description => $"keep-one-per {DurationText.Format(period)}";

    internal override void Apply(RetentionContext context)
    {
        // Oldest first, so the last index seen in a period is its highest step.
        var lastInPeriod = new Dictionary<long, int>();
        var intact = context.Intact;
        for (var i = 0; i < intact.Length; i++)
        {
            lastInPeriod[PeriodOf(intact[i].CreatedAt)] = i;
        }

        foreach (var (bucket, index) in lastInPeriod)
        {
            // A period reaching back before year 1 cannot be named; its start is shown as the earliest date.
            var startTicks = Math.Max(0, DateTimeOffset.UnixEpoch.UtcTicks + (bucket * period.Ticks));
            var start = new DateTimeOffset(startTicks, TimeSpan.Zero);
            context.Keep(index, string.Create(
                CultureInfo.InvariantCulture,
                $"one per {DurationText.Format(period)} (last of the period from {start:yyyy-MM-dd'T'HH:mm:ss'Z'})"));
        }
    }

    /// <summary>The period's number counted from the Unix epoch, rounding down before 1970 too.</summary>
    internal long PeriodOf(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var bucket = ticks / period.Ticks;
        return ticks % period.Ticks < 0 ? bucket - 1 : bucket;
    }
}

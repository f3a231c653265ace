namespace Ratchet.Retention;

internal sealed class KeepWithinRule(TimeSpan window) : RetentionPolicy
{
    private readonly string _reason = $"within {DurationText.Format(window)}";

    internal override string Description => $"keep-within {DurationText.Format(window)}";

    internal override void Apply(RetentionContext context)
    {
        // Compared in ticks: "now - window" as a DateTimeOffset would throw for a window longer than
        // the calendar, and a checkpoint stamped in the future (clock skew) simply counts as recent.
        var oldest = context.Now.UtcTicks - window.Ticks;
        var intact = context.Intact;
        for (var i = 0; i < intact.Length; i++)
        {
            if (intact[i].CreatedAt.UtcTicks >= oldest)
            {
                context.Keep(i, _reason);
            }
        }
    }
}

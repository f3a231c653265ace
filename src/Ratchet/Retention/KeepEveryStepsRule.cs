namespace Ratchet.Retention;

internal sealed class KeepEveryStepsRule(long n) : RetentionPolicy
{
    private readonly string _reason = $"every {n} steps";

    internal override string Description => $"keep-every {n} steps";

    internal override void Apply(RetentionContext context)
    {
        var intact = context.Intact;
        for (var i = 0; i < intact.Length; i++)
        {
            if (intact[i].Step % n == 0)
            {
                context.Keep(i, _reason);
            }
        }
    }
}

namespace Ratchet.Retention;

internal sealed class KeepLastRule(int n) : RetentionPolicy
{
    private readonly string _reason = $"keep-last {n}";

    internal override string Description => _reason;

    internal override void Apply(RetentionContext context)
    {
        var intact = context.Intact;
        for (var i = Math.Max(0, intact.Length - n); i < intact.Length; i++)
        {
            context.Keep(i, _reason);
        }
    }
}

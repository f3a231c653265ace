namespace Ratchet.Retention;

internal sealed class KeepAllRule : RetentionPolicy
{
    public static readonly KeepAllRule Instance = new();

    private KeepAllRule()
    {
    }

    internal override string Description => "keep-all";

    internal override bool KeepsEverything => true;

    internal override void Apply(RetentionContext context)
    {
        for (var i = 0; i < context.Intact.Length; i++)
        {
            context.Keep(i, Description);
        }
    }
}

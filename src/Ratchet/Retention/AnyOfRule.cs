namespace Ratchet.Retention;

internal sealed class AnyOfRule : RetentionPolicy
{
    private readonly RetentionPolicy[] _policies;

    public AnyOfRule(RetentionPolicy[] policies)
    {
        // A private copy: the caller's params array must not be able to change the policy afterwards.
        _policies = (RetentionPolicy[])policies.Clone();
    }

    internal override bool KeepsEverything => _policies.Any(policy => policy.KeepsEverything);

    internal override string Description => $"any-of ({string.Join(", ", _policies.Select(p => p.Description))})";

    internal override void Apply(RetentionContext context)
    {
        foreach (var policy in _policies)
        {
            policy.Apply(context);
        }
    }
}

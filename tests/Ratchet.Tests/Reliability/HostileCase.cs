namespace Ratchet.Tests.Reliability;

/// <summary>One damaged or malicious checkpoint of the corpus: how to make it from an intact one, and a fragment the
/// verifier's diagnosis must contain.</summary>
/// <param name="Class">Its row in the reliability table.</param>
/// <param name="Name">What was done, for the failure message.</param>
/// <param name="Damage">Turns the intact checkpoint into this case.</param>
/// <param name="Expected">Text one of the reported problems must contain.</param>
internal sealed record HostileCase(FaultClass Class, string Name, Action<HostileWorkspace> Damage, string Expected)
{
    public override string ToString() => Name;
}

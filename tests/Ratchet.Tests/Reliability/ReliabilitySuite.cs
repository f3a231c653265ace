namespace Ratchet.Tests.Reliability;

/// <summary>The reliability suite runs as one collection, so that one fixture sees every test's counts and can write
/// docs/reliability.md when the last test is done.</summary>
[CollectionDefinition(Name)]
public sealed class ReliabilitySuite : ICollectionFixture<ReliabilityReportWriter>
{
    public const string Name = "Reliability";
}

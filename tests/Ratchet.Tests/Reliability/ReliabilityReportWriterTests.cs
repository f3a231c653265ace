namespace Ratchet.Tests.Reliability;

public sealed class ReliabilityReportWriterTests
{
    [Fact]
    public void Render_Tallies_OneRowPerClassInOrderAndTotalsWithViolations()
    {
        var tallies = new Dictionary<FaultClass, ReliabilityLedger.Tally>
        {
            [FaultClass.BitFlip] = new(1, 288, 0),
            [FaultClass.CrashDuringSave] = new(2, 1234, 1),
        };

        string table = ReliabilityReportWriter.Render(tallies, ["a note"], SweepSize.Current);

        var rows = table.Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal)).ToList();
        rows[1].ShouldStartWith("| 1 | Power loss during a save |");
        rows[1].ShouldEndWith("| 2 | 1,234 (crash states) | 1 |");
        rows[2].ShouldStartWith("| 11 | A flipped bit");
        rows[3].ShouldBe("| | **Total** | | 3 | 1,522 | **1** |");
        table.ShouldContain("- a note");
    }
}

using Ratchet.Cli.Output;
using Ratchet.History;

namespace Ratchet.Cli.Tests.Commands;

public sealed class SparklineTests
{
    [Fact]
    public void Of_FallingLoss_DrawsOneBlockPerRecordFromHighToLow()
    {
        var records = Enumerable.Range(1, 8).Select(step => new HistoryRecord(step, step, DateTimeOffset.UnixEpoch,
            new Dictionary<string, double> { ["loss"] = 9 - step, ["acc"] = step })).ToList();

        string line = Sparkline.Of(records)!;

        line.ShouldStartWith("loss █▇▆▅▄▃▂▁ 1");
    }

    [Fact]
    public void Of_NoMetrics_IsNothing() => Sparkline.Of([]).ShouldBeNull();
}

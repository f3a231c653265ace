using System.Globalization;
using Ratchet.Runs;

namespace Ratchet.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Report_ThousandEpochRun_StaysUnderFourHundredKilobytes()
    {
        string run = _temp.Combine("run");
        await using (await TrainingRun.OpenAsync(run, new { model = 1 }, new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null }))
        {
        }

        // The history as the library writes it, one line per epoch, with five metrics of full double precision.
        var random = new Random(1);
        var lines = Enumerable.Range(1, 1000).Select(epoch => string.Create(CultureInfo.InvariantCulture,
            $"{{\"step\":{epoch * 50},\"epoch\":{epoch},\"time\":\"2026-12-01T00:{epoch / 60 % 60:D2}:{epoch % 60:D2}Z\",\"metrics\":{{\"d_loss\":{random.NextDouble():R},\"g_loss\":{random.NextDouble():R},\"val_loss\":{1.0 / epoch:R},\"mode_coverage\":{random.NextDouble():R},\"lr\":{0.001 * Math.Pow(0.999, epoch):R}}}}}"));
        await File.WriteAllLinesAsync(Path.Combine(run, "history.jsonl"), lines);
        string report = _temp.Combine("report.html");

        var result = await Cli.RunAsync("report", run, "-o", report);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("1000 history records");
        new FileInfo(report).Length.ShouldBeLessThan(400 * 1024);
        (await File.ReadAllTextAsync(report)).Split("<circle ").Length.ShouldBe((5 * 1000) + 1);
    }
}

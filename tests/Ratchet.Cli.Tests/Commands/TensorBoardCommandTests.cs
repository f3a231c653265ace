using Ratchet.Runs;

namespace Ratchet.Cli.Tests.Commands;

public sealed class TensorBoardCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TensorBoard_RunWithHistory_WritesOneScalarPerMetricAndRecordIntoOut()
    {
        string run = _temp.Combine("run");
        await using (var training = await TrainingRun.OpenAsync(run, new { model = 1 }, new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null }))
        {
            for (int step = 1; step <= 4; step++)
            {
                await training.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step, ["lr"] = 0.1 });
            }
        }

        string output = _temp.Combine("events");
        var result = await Cli.RunAsync("tensorboard", run, "--out", output);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Wrote 8 scalars from 4 history records");
        string file = Directory.GetFiles(output, "events.out.tfevents.*").ShouldHaveSingleItem();
        // 16 bytes of framing per record; the first record is the file version, then one per scalar.
        long length = new FileInfo(file).Length;
        int records = 0;
        using (var stream = File.OpenRead(file))
        {
            var header = new byte[8];
            while (stream.Position < length)
            {
                stream.ReadExactly(header);
                stream.Position += 4 + (long)BitConverter.ToUInt64(header) + 4;
                records++;
            }
        }

        records.ShouldBe(1 + 8);
    }

    [Fact]
    public async Task TensorBoard_NotARun_ExitsTwo()
    {
        var result = await Cli.RunAsync("tensorboard", _temp.Combine("missing"));

        result.ExitCode.ShouldBe(2, result.ToString());
    }
}

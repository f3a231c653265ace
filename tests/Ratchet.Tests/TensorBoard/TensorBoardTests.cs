using Ratchet.History;
using Ratchet.Runs;
using Ratchet.TensorBoard;

namespace Ratchet.Tests.TensorBoard;

public sealed class TensorBoardTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_ScalarLikePyTorchsSummaryWriter_IsByteIdentical()
    {
        // PyTorch's SummaryWriter, add_scalar('train/loss', 1.0, 1, walltime=1764750001), after its file_version event.
        byte[] expected = Convert.FromHexString("200000000000000029eda95009000040acfc4bda4110012a130a110a0a747261696e2f6c6f7373150000803fcb4cc310");
        var time = DateTimeOffset.FromUnixTimeSeconds(1764750001);
        string path;
        using (var writer = TensorBoardWriter.Create(_temp.Path, time))
        {
            writer.Write(new HistoryRecord(1, 1, time, new Dictionary<string, double> { ["train/loss"] = 1.0 }));
            path = writer.Path;
        }

        var bytes = File.ReadAllBytes(path);
        int first = 16 + (int)BitConverter.ToUInt64(bytes, 0);
        bytes[first..].ShouldBe(expected);
        Path.GetFileName(path).ShouldStartWith($"events.out.tfevents.1764750001.{Environment.MachineName}.{Environment.ProcessId}.");
    }

    [Fact]
    public async Task LogAsync_OnARun_WritesEventsThatProtocDecodesWithValidCrcs()
    {
        string run = _temp.Combine("run");
        await using (var training = await TrainingRun.OpenAsync(run, new { model = 1 }, new TrainingRunOptions { HandleStopSignals = false }))
        {
            for (int step = 1; step <= 3; step++)
            {
                await training.LogAsync(step * 10, step, new Dictionary<string, double> { ["loss"] = 1.0 / step, ["accuracy"] = step / 4.0 });
            }
        }

        string file = Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents.*").ShouldHaveSingleItem();
        var records = EventFile.Records(file);
        records.Count.ShouldBe(1 + (3 * 2));
        (await EventFile.DecodeRawAsync(records[0])).ShouldContain("3: \"brain.Event:2\"");
        string scalar = await EventFile.DecodeRawAsync(records[^1]);
        scalar.ShouldContain("2: 30");
        scalar.ShouldContain("1: \"accuracy\"");
        scalar.ShouldContain("2: 0x3f400000"); // 0.75f
    }

    [Fact]
    public async Task OpenAsync_AfterAResume_StartsANewFileWithASessionStartAfterTheCheckpoint()
    {
        string run = _temp.Combine("run");
        var options = new TrainingRunOptions { HandleStopSignals = false };
        await using (var training = await TrainingRun.OpenAsync(run, new { model = 1 }, options))
        {
            await training.LogAsync(10, 1, new Dictionary<string, double> { ["loss"] = 1 });
            await training.SaveAsync(new Ratchet.Checkpoints.CheckpointContent(10, 1).AddBytes("state", new byte[] { 1 }));
            await training.LogAsync(20, 2, new Dictionary<string, double> { ["loss"] = 0.5 });
        }

        await using (var resumed = await TrainingRun.OpenAsync(run, new { model = 1 }, options))
        {
            resumed.Resume.Step.ShouldBe(10);
        }

        var files = Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents.*").Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBe(2);
        var second = EventFile.Records(files.Single(file => EventFile.Records(file).Count == 2));
        string session = await EventFile.DecodeRawAsync(second[1]);
        session.ShouldContain("2: 11");
        session.ShouldContain("6 {");
    }

    [Fact]
    public async Task OpenAsync_TensorBoardTurnedOff_WritesNoEventFiles()
    {
        string run = _temp.Combine("run");
        await using (var training = await TrainingRun.OpenAsync(run, new { model = 1 }, new TrainingRunOptions { HandleStopSignals = false, TensorBoardDirectory = null }))
        {
            await training.LogAsync(1, 1, new Dictionary<string, double> { ["loss"] = 1 });
        }

        Directory.Exists(Path.Combine(run, "tensorboard")).ShouldBeFalse();
    }
}

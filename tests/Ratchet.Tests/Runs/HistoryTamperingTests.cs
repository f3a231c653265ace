using Microsoft.Extensions.Logging;
using Ratchet.History;
using Ratchet.Runs;

namespace Ratchet.Tests.Runs;

/// <summary>A history changed under an open run (an editor, a <c>truncate</c>) never gains zero bytes, and a file
/// that has them still opens with what is readable; steps never go backwards.</summary>
public sealed class HistoryTamperingTests : IDisposable
{
    private static readonly object Config = new { hidden = 8 };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    private string HistoryFile => Path.Combine(Run, MetricsHistory.FileName);

    private Task<TrainingRun> Open(ILogger? logger = null) => TrainingRun.OpenAsync(Run, Config, new TrainingRunOptions
    {
        HandleStopSignals = false,
        Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
    });

    private static Dictionary<string, double> Loss(double value) => new() { ["loss"] = value };

    [Fact]
    public async Task LogAsync_FileShortenedWhileOpen_AppendsAtItsEndWithoutZeroBytesAndWarns()
    {
        var logger = new RecordingLogger();
        await using (var run = await Open(logger))
        {
            await run.LogAsync(1, 1, Loss(1));
            await run.LogAsync(2, 2, Loss(2));
            await run.LogAsync(3, 3, Loss(3));
            string firstLine = File.ReadAllLines(HistoryFile)[0];
            File.WriteAllText(HistoryFile, firstLine + "\n"); // what `truncate` or an editor leaves

            await run.LogAsync(4, 4, Loss(4));
            await run.SaveAsync(new Ratchet.Checkpoints.CheckpointContent(4, 4).AddBytes("G", new byte[8]));
        }

        File.ReadAllBytes(HistoryFile).ShouldNotContain((byte)0);
        (await LocalRuns.ReadHistoryAsync(Run)).Select(record => record.Step).ShouldBe([1L, 4L]);
        logger.Entries.ShouldContain(entry => entry.Level == LogLevel.Warning && entry.Message.Contains("was shortened"));
        await using var reopened = await Open();
        reopened.History.Count.ShouldBe(2);
    }

    [Fact]
    public async Task OpenAsync_HistoryWithZeroGapFromAnOlderWriter_RecoversRecordsAndWarns()
    {
        await using (var run = await Open())
        {
            await run.LogAsync(1, 1, Loss(1));
            await run.LogAsync(2, 2, Loss(2));
        }

        // What an append past the end of a shortened file used to leave: a gap of zero bytes, then the next record.
        string[] lines = File.ReadAllLines(HistoryFile);
        using (var file = new FileStream(HistoryFile, FileMode.Append))
        {
            file.Write(new byte[40]);
            file.Write(System.Text.Encoding.UTF8.GetBytes(lines[1].Replace("\"step\":2", "\"step\":3", StringComparison.Ordinal) + "\n"));
        }

        (await LocalRuns.ReadHistoryAsync(Run)).Select(record => record.Step).ShouldBe([1L, 2L, 3L]);
        var logger = new RecordingLogger();
        await using var reopened = await Open(logger);

        logger.Entries.ShouldContain(entry => entry.Level == LogLevel.Warning && entry.Message.Contains("40 zero byte(s)"));
    }

    [Fact]
    public async Task LogAsync_StepGoingBackwards_RefusedAndNothingAppended()
    {
        await using var run = await Open();
        await run.LogAsync(5, 1, Loss(1));
        long length = new FileInfo(HistoryFile).Length;

        var error = await Should.ThrowAsync<HistoryOrderException>(() => run.LogAsync(4, 1, Loss(1)));

        error.Message.ShouldContain("step 4");
        error.Message.ShouldContain("already has step 5");
        new FileInfo(HistoryFile).Length.ShouldBe(length);
        await run.LogAsync(5, 1, Loss(2)); // the same step again is allowed (several records per step)
    }
}

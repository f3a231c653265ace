using Ratchet.TestSupport;

namespace Ratchet.Tests.Runs;

public sealed class GracefulStopTests : IDisposable
{
    private const int SigTerm = 15;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sigterm_DuringTraining_CommitsCheckpointExitsZeroAndNextStartResumesAfterIt()
    {
        string run = _temp.Combine("run");
        int stoppedAt;
        using (var child = ChildProcess.Start("train-until-stopped", run))
        {
            await child.WaitForLineAsync("training");
            child.Signal(SigTerm);
            stoppedAt = int.Parse((await child.WaitForLineAsync("stopped at ")).Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
            (await child.WaitForExitAsync(TimeSpan.FromMinutes(2))).ShouldBe(0); // the commit fsyncs: slow on a busy disk
        }

        using var next = ChildProcess.Start("train-until-stopped", run);
        (await next.WaitForLineAsync("resumed ")).ShouldBe($"resumed {stoppedAt}");
    }
}

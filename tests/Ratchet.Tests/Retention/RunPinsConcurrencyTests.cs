using Ratchet.Runs;
using Ratchet.Retention;
using Ratchet.TestSupport;

namespace Ratchet.Tests.Retention;

/// <summary>Concurrent pin and unpin commands all take effect, and pinning works while a trainer holds the run.</summary>
public sealed class RunPinsConcurrencyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PinAsync_TwentyConcurrentPins_AllTakeEffect()
    {
        string run = _temp.Combine("run");
        Directory.CreateDirectory(run);

        await Task.WhenAll(Enumerable.Range(1, 20).Select(step => Task.Run(() => RunPins.PinAsync(run, step))));

        (await RunPins.ReadAsync(run)).Order().ShouldBe(Enumerable.Range(1, 20).Select(step => (long)step));
    }

    [Fact]
    public async Task PinAsync_ThreeProcessesPinningAtOnce_NoPinIsLost()
    {
        string run = _temp.Combine("run");
        Directory.CreateDirectory(run);

        var children = new[] { 0, 100, 200 }.Select(first => ChildProcess.Start("pin-range", run, $"{first}", "30")).ToList();
        foreach (var child in children)
        {
            (await child.WaitForExitAsync(TimeSpan.FromMinutes(2))).ShouldBe(0);
            child.Dispose();
        }

        var expected = new[] { 0, 100, 200 }.SelectMany(first => Enumerable.Range(first, 30)).Select(step => (long)step);
        (await RunPins.ReadAsync(run)).Order().ShouldBe(expected);
    }

    [Fact]
    public async Task UnpinAsync_ConcurrentWithPins_EveryChangeTakesEffect()
    {
        string run = _temp.Combine("run");
        Directory.CreateDirectory(run);
        foreach (long step in new long[] { 100, 200, 300 })
        {
            await RunPins.PinAsync(run, step);
        }

        var pins = Enumerable.Range(1, 10).Select(step => Task.Run(() => RunPins.PinAsync(run, step)));
        var unpins = new long[] { 100, 300 }.Select(step => Task.Run(() => RunPins.UnpinAsync(run, step)));
        await Task.WhenAll(pins.Concat(unpins));

        (await RunPins.ReadAsync(run)).Order().ShouldBe([.. Enumerable.Range(1, 10).Select(step => (long)step), 200]);
    }

    [Fact]
    public async Task PinAsync_WhileATrainerHoldsTheRun_Succeeds()
    {
        string run = _temp.Combine("run");
        using var trainer = ChildProcess.Start("hold-lock", run);
        await trainer.WaitForLineAsync("locked");

        await RunPins.PinAsync(run, 7);

        (await RunPins.ReadAsync(run)).ShouldContain(7);
    }
}

using System.Globalization;
using PuppeteerSharp;
using Ratchet.Checkpoints;
using Ratchet.Cli;
using Ratchet.Runs;

namespace Ratchet.Report.Tests;

/// <summary>The report rendered by a real headless Chromium: every chart drew its line and one marker per history record,
/// no script error, no network request, and names from the run that look like markup show as text and run nothing.</summary>
public sealed class ReportInBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Hostile = "<img src=x onerror=alert(1)>";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Report_InChromium_DrawsEveryRecordRunsNoScriptFromTheRunAndFetchesNothing()
    {
        string run = _temp.Combine(Hostile);
        var options = new TrainingRunOptions { HandleStopSignals = false, Retention = Ratchet.Retention.RetentionPolicy.AnyOf(Ratchet.Retention.RetentionPolicy.KeepLast(2), Ratchet.Retention.RetentionPolicy.KeepBest("loss", Ratchet.Retention.MetricGoal.Minimize, 1)) };
        await using (var training = await TrainingRun.OpenAsync(run, new Dictionary<string, string> { [Hostile] = Hostile }, options))
        {
            for (int epoch = 1; epoch <= 12; epoch++)
            {
                await training.LogAsync(epoch * 10, epoch, new Dictionary<string, double> { ["loss"] = 1.0 / epoch, [Hostile] = epoch });
                if (epoch % 4 == 0)
                {
                    await training.SaveAsync(new CheckpointContent(epoch * 10, epoch).AddBytes("state", new byte[] { 1 }).SetMetric("loss", 1.0 / epoch));
                }
            }
        }

        await using (await TrainingRun.OpenAsync(run, new Dictionary<string, string> { [Hostile] = Hostile }, options))
        {
        }

        string report = _temp.Combine("report.html");
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        (await RatchetCli.RunAsync(["report", run, "-o", report], output, output)).ShouldBe(0, output.ToString());

        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (apt-get install chromium fonts-dejavu-core); ./test.sh does.");
        }

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await using var page = await browser.NewPageAsync();
        var errors = new List<string>();
        var requests = new List<string>();
        var dialogs = new List<string>();
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) { errors.Add(e.Message.Text); } };
        page.PageError += (_, e) => errors.Add(e.Message);
        page.Request += (_, e) => requests.Add(e.Request.Url);
        page.Dialog += async (_, e) => { dialogs.Add(e.Dialog.Message); await e.Dialog.Dismiss(); };

        await page.GoToAsync(new Uri(report).AbsoluteUri);

        int[] markers = await page.EvaluateExpressionAsync<int[]>("Array.from(document.querySelectorAll('svg.chart')).map(s => s.querySelectorAll('g.points circle').length)");
        markers.ShouldBe([12, 12]);
        int[] lines = await page.EvaluateExpressionAsync<int[]>("Array.from(document.querySelectorAll('svg.chart path.line')).map(p => (p.getAttribute('d') || '').split('L').length)");
        lines.ShouldBe([12, 12]);
        await page.EvaluateExpressionAsync("document.getElementById('smoothing').value = '0.8'; document.getElementById('smoothing').dispatchEvent(new Event('input'))");
        (await page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg.chart path.line')[0].getAttribute('d').split('L').length")).ShouldBe(12);
        await page.HoverAsync("#chart-1 g.points circle:last-child");
        (await page.EvaluateExpressionAsync<string>("document.querySelector('#chart-1 .tip').textContent")).ShouldStartWith("loss = ");
        string text = await page.EvaluateExpressionAsync<string>("document.body.innerText");
        text.ShouldContain(Hostile);
        (await page.EvaluateExpressionAsync<int>("document.querySelectorAll('img').length")).ShouldBe(0, "a name from the run became an element");
        (await page.EvaluateExpressionAsync<int>("document.querySelectorAll('tr.session').length")).ShouldBe(2);
        (await page.EvaluateExpressionAsync<int>("document.querySelectorAll('tr.pruned').length")).ShouldBe(1, "keep-last 2 pruned step 40 when step 120 was saved");
        text.ShouldContain("best loss");
        (await page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg.chart line.resume').length")).ShouldBe(2, "the resume at step 120 is marked on each chart");
        errors.ShouldBeEmpty();
        dialogs.ShouldBeEmpty();
        requests.ShouldBe([new Uri(report).AbsoluteUri]);
        await page.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "report-screenshot.png"), new ScreenshotOptions { FullPage = true });
    }
}

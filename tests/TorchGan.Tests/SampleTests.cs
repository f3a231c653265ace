namespace TorchGan.Tests;

public sealed class SampleTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_StoppedAndResumed_EndsLikeOneRunAndDrawsThePicture()
    {
        string whole = _temp.Combine("whole");
        (await Sample.RunAsync(whole, "--epochs", "4")).ExitCode.ShouldBe(0);
        string split = _temp.Combine("split");
        (await Sample.RunAsync(split, "--epochs", "2")).ExitCode.ShouldBe(0);

        var resumed = await Sample.RunAsync(split, "--epochs", "4");

        resumed.ExitCode.ShouldBe(0, string.Join("\n", resumed.Errors));
        resumed.Output[0].ShouldContain("Resuming");
        File.ReadAllBytes(Path.Combine(Sample.CheckpointDirectory(split, 8), "G.safetensors"))
            .ShouldBe(File.ReadAllBytes(Path.Combine(Sample.CheckpointDirectory(whole, 8), "G.safetensors")));
        string picture = File.ReadAllText(Path.Combine(split, "torch-gan.svg"));
        picture.ShouldContain("<polyline");
        picture.ShouldContain("generated");
    }

    [Fact]
    public async Task Sigterm_DuringTraining_SavesExitsZeroAndTheNextStartResumesAfterIt()
    {
        string run = _temp.Combine("interrupted");
        using (var child = Sample.Start(run, "--epochs", "10000"))
        {
            await child.WaitForLineAsync("epoch 2/", TimeSpan.FromMinutes(3));
            // SIGTERM, handled exactly as Ctrl+C's SIGINT is; SIGINT itself is ignored by every process of a suite that
            // was started as a background job (POSIX shells set SIGINT to ignored for those), so it cannot be the test's signal.
            child.Signal(15);
            int exitCode;
            try
            {
                exitCode = await child.WaitForExitAsync(TimeSpan.FromMinutes(4));
            }
            catch (OperationCanceledException)
            {
                throw new ShouldAssertException($"The sample did not exit within 4 minutes of SIGTERM. Output: {string.Join(" | ", child.Output)} Errors: {string.Join(" | ", child.Errors)}");
            }

            exitCode.ShouldBe(0, string.Join("\n", child.Errors));
            child.Output.ShouldContain(line => line.StartsWith("stopped after epoch", StringComparison.Ordinal));
        }

        var next = await Sample.RunAsync(run, "--epochs", "1");

        next.ExitCode.ShouldBe(0, string.Join("\n", next.Errors));
        next.Output[0].ShouldStartWith("Resuming from checkpoint step");
    }

    [Fact]
    public async Task Help_PrintsTheOptionsAndExitsZero()
    {
        var result = await Sample.RunAsync(_temp.Combine("unused"), "--help");

        result.ExitCode.ShouldBe(0);
        string help = string.Join("\n", result.Output);
        help.ShouldContain("--extra-state-mb");
        foreach (string word in new[] { "s3://BUCKET/PREFIX", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL", "--picture", "local run only" })
        {
            help.ShouldContain(word);
        }
    }

    [Fact]
    public async Task FreshWithFrom_IsRefusedUpFront()
    {
        var result = await Sample.RunAsync(_temp.Combine("run"), "--fresh", "--from", "4");

        result.ExitCode.ShouldBe(1);
        string.Join("\n", result.Errors).ShouldContain("contradict");
        Directory.Exists(_temp.Combine("run")).ShouldBeFalse();
    }
}

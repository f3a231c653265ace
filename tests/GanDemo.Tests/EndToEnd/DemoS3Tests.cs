namespace GanDemo.Tests.EndToEnd;

/// <summary>The demo with <c>--run s3://bucket/prefix</c> on a real Ceph gateway, configured the way a user's shell
/// does it (AWS environment variables): it trains, stops on SIGTERM, resumes from what S3 holds and draws its picture
/// in the current folder; a store it cannot use is one sentence and the store's own exit code.</summary>
[Collection(CephSampleSuite.Name)]
public sealed class DemoS3Tests(CephSampleFixture ceph) : IDisposable
{
    private const int SigTerm = 15;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The child's current folder, where a run in S3 draws its picture.</summary>
    private string WorkingDirectory => Directory.CreateDirectory(_temp.Combine("cwd")).FullName;

    /// <summary>The child's home: no AWS profile there to fall back on.</summary>
    private string Home => Directory.CreateDirectory(_temp.Combine("home")).FullName;

    private ChildProcess Start(string run, IReadOnlyDictionary<string, string?>? overrides, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>(ceph.Environment(Home));
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return ChildProcess.StartDllIn(WorkingDirectory, Demo.Dll, environment, [.. Demo.SmallModel, "--run", run, .. arguments]);
    }

    [Fact]
    public async Task RunInS3_StoppedThenRerun_ResumesFromS3AndDrawsThePictureInTheCurrentFolder()
    {
        string run = ceph.NewRunLocation();
        using (var child = Start(run, null, "--epochs", "10000"))
        {
            await child.WaitForLineAsync("epoch 3/");
            child.Signal(SigTerm);
            (await child.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, string.Join("\n", child.Errors));
            child.Output[0].ShouldStartWith("Starting fresh");
            child.Output.ShouldContain(line => line.StartsWith("stopped after epoch", StringComparison.Ordinal));
        }

        var keys = await ceph.ListKeysAsync(run);
        keys.ShouldContain("run.json");
        keys.ShouldContain("history.jsonl");
        keys.ShouldNotContain("run.lock", "a stopped writer gives its lease back");
        long saved = keys.Where(key => key.StartsWith("checkpoints/step-", StringComparison.Ordinal) && key.EndsWith("/manifest.json", StringComparison.Ordinal))
            .Select(key => long.Parse(key["checkpoints/step-".Length..^"/manifest.json".Length], System.Globalization.CultureInfo.InvariantCulture))
            .Max();
        saved.ShouldBeGreaterThanOrEqualTo(3 * Demo.StepsPerEpoch);
        Directory.GetFileSystemEntries(WorkingDirectory).Select(Path.GetFileName).ShouldBe([], "nothing of an S3 run lands in the current folder");

        long nextEpoch = (saved / Demo.StepsPerEpoch) + 1;
        using var next = Start(run, null, "--epochs", $"{nextEpoch}");
        (await next.WaitForExitAsync(TimeSpan.FromSeconds(90))).ShouldBe(0, string.Join("\n", next.Errors));

        next.Output[0].ShouldStartWith($"Resuming from checkpoint step {saved} ");
        next.Output.ShouldContain(line => line.StartsWith($"epoch {nextEpoch}/{nextEpoch}", StringComparison.Ordinal));
        string picture = Path.Combine(WorkingDirectory, "gan-demo.svg");
        next.Output[^1].ShouldBe($"done: {nextEpoch} epochs; picture of real vs generated points: {picture}");
        File.ReadAllText(picture).ShouldContain("<svg");
        (await ceph.ListKeysAsync(run)).ShouldContain($"checkpoints/step-{nextEpoch * Demo.StepsPerEpoch:D10}/manifest.json");
    }

    [Theory]
    [InlineData("wrong-secret", 6, "AWS_SECRET_ACCESS_KEY")]
    [InlineData("missing-bucket", 7, "does not exist")]
    [InlineData("unreachable", 8, "could not be reached")]
    public async Task RunInS3_StoreUnusable_OneClearLineAndTheStoreExitCode(string problem, int exitCode, string says)
    {
        string run = problem == "missing-bucket" ? $"s3://no-such-bucket-{Guid.NewGuid():N}/run" : ceph.NewRunLocation();
        var overrides = problem switch
        {
            "wrong-secret" => new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = "wrong" + ceph.Gateway.SecretKey },
            "unreachable" => new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1" },
            _ => null,
        };

        using var child = Start(run, overrides, "--epochs", "1");
        int code = await child.WaitForExitAsync(TimeSpan.FromSeconds(90));

        string everything = string.Join("\n", child.Output.Concat(child.Errors));
        code.ShouldBe(exitCode, everything);
        child.Output.ShouldBeEmpty(everything);
        child.Errors.Count.ShouldBe(1, everything);
        child.Errors[0].ShouldStartWith("error: ");
        child.Errors[0].ShouldContain(says);
        everything.ShouldNotContain("   at ");
        everything.ShouldNotContain("Amazon.");
    }
}

namespace TorchGan.Tests;

/// <summary>The sample with <c>--run s3://bucket/prefix</c> on a real Ceph gateway, reached through the AWS environment
/// variables: stopped by SIGTERM and rerun, it resumes from what S3 holds; a wrong secret is one sentence and exit 6.
/// Kept to a few epochs of the small model: libtorch makes every start of the sample cost seconds.</summary>
[Collection(CephSampleSuite.Name)]
public sealed class S3Tests(CephSampleFixture ceph) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The child's current folder, where a run in S3 draws its picture.</summary>
    private string WorkingDirectory => Directory.CreateDirectory(_temp.Combine("cwd")).FullName;

    private ChildProcess Start(string run, IReadOnlyDictionary<string, string?>? overrides, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>(ceph.Environment(Directory.CreateDirectory(_temp.Combine("home")).FullName));
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return ChildProcess.StartDllIn(WorkingDirectory, Sample.Dll, environment, [.. Sample.SmallModel, "--run", run, .. arguments]);
    }

    [Fact]
    public async Task RunInS3_StoppedThenRerun_ResumesFromS3AndDrawsThePictureInTheCurrentFolder()
    {
        string run = ceph.NewRunLocation();
        using (var child = Start(run, null, "--epochs", "10000"))
        {
            await child.WaitForLineAsync("epoch 1/", TimeSpan.FromMinutes(3));
            child.Signal(15); // SIGTERM, handled as Ctrl+C is (SampleTests says why not SIGINT)
            (await child.WaitForExitAsync(TimeSpan.FromMinutes(3))).ShouldBe(0, string.Join("\n", child.Errors));
            child.Output.ShouldContain(line => line.StartsWith("stopped after epoch", StringComparison.Ordinal));
        }

        var keys = await ceph.ListKeysAsync(run);
        keys.ShouldNotContain("run.lock", "a stopped writer gives its lease back");
        long saved = keys.Where(key => key.StartsWith("checkpoints/step-", StringComparison.Ordinal) && key.EndsWith("/manifest.json", StringComparison.Ordinal))
            .Select(key => long.Parse(key["checkpoints/step-".Length..^"/manifest.json".Length], System.Globalization.CultureInfo.InvariantCulture))
            .Max();
        keys.ShouldContain($"checkpoints/step-{saved:D10}/G.safetensors");

        long nextEpoch = (saved / Sample.StepsPerEpoch) + 1;
        using var next = Start(run, null, "--epochs", $"{nextEpoch}");
        (await next.WaitForExitAsync(TimeSpan.FromMinutes(3))).ShouldBe(0, string.Join("\n", next.Errors));

        next.Output[0].ShouldStartWith($"Resuming from checkpoint step {saved} ");
        next.Output.ShouldContain(line => line.StartsWith($"epoch {nextEpoch}/{nextEpoch}", StringComparison.Ordinal));
        string picture = Path.Combine(WorkingDirectory, "torch-gan.svg");
        next.Output[^1].ShouldBe($"done: {nextEpoch} epochs; picture of real vs generated audio: {picture}");
        File.ReadAllText(picture).ShouldContain("<polyline");
    }

    [Fact]
    public async Task RunInS3_WrongSecret_OneClearLineAndTheCredentialsExitCode()
    {
        using var child = Start(ceph.NewRunLocation(), new Dictionary<string, string?> { ["AWS_SECRET_ACCESS_KEY"] = "wrong" + ceph.Gateway.SecretKey }, "--epochs", "1");
        int code = await child.WaitForExitAsync(TimeSpan.FromMinutes(2));

        string everything = string.Join("\n", child.Output.Concat(child.Errors));
        code.ShouldBe(Ratchet.ExitCodes.StoreCredentials, everything);
        child.Output.ShouldBeEmpty(everything);
        child.Errors.ShouldHaveSingleItem(everything).ShouldStartWith("error: The S3 store refused the credentials");
        everything.ShouldContain("AWS_SECRET_ACCESS_KEY");
        everything.ShouldNotContain("   at ");
    }
}

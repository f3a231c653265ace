namespace GanDemo.Tests.EndToEnd;

/// <summary>The sample's command line: help, contradictory options and an unusable run folder.</summary>
public sealed class DemoCommandLineTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    [Fact]
    public async Task Help_PrintsUsageAndExitsZero()
    {
        var result = await Demo.RunAsync(Run, "--help");

        result.ExitCode.ShouldBe(0);
        result.Errors.ShouldBeEmpty();
        result.Output.ShouldContain(line => line.StartsWith("Usage: GanDemo", StringComparison.Ordinal));
        result.Output.ShouldContain(line => line.TrimStart().StartsWith("--fresh", StringComparison.Ordinal));
        Directory.Exists(Run).ShouldBeFalse();
    }

    [Fact]
    public async Task Help_NamesS3TheAwsEnvironmentAndThePictureOption()
    {
        var result = await Demo.RunAsync(Run, "--help");

        string help = string.Join("\n", result.Output);
        result.ExitCode.ShouldBe(0);
        foreach (string word in new[] { "s3://BUCKET/PREFIX", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL", "--picture", "local run only" })
        {
            help.ShouldContain(word);
        }
    }

    [Fact]
    public async Task Picture_GoesWhereAskedInsteadOfTheRunFolder()
    {
        string picture = _temp.Combine("elsewhere.svg");

        var result = await Demo.RunAsync(Run, "--epochs", "1", "--picture", picture);

        result.ExitCode.ShouldBe(0, string.Join("\n", result.Errors));
        result.Output[^1].ShouldEndWith($"picture of real vs generated points: {picture}");
        File.ReadAllText(picture).ShouldContain("<svg");
        File.Exists(Path.Combine(Run, "gan-demo.svg")).ShouldBeFalse();
    }

    [Fact]
    public async Task FreshWithFrom_RefusedAtOnceNamingWhichToDrop()
    {
        (await Demo.RunAsync(Run, "--epochs", "2")).ExitCode.ShouldBe(0);
        long newest = Demo.NewestStep(Run);

        var result = await Demo.RunAsync(Run, "--epochs", "2", "--fresh", "--from", $"{newest}");

        result.ExitCode.ShouldBe(1);
        string errors = string.Join("\n", result.Errors);
        errors.ShouldContain("Drop --fresh");
        errors.ShouldContain("drop --from");
        Directory.Exists(Path.Combine(Run, "superseded")).ShouldBeFalse();
        Demo.NewestStep(Run).ShouldBe(newest);
    }

    [Fact]
    public async Task ReadOnlyRunFolder_ClearErrorWithoutStackTraceExitFive()
    {
        if (Environment.UserName == "root")
        {
            // root ignores permission bits, so a read-only folder is made with a read-only bind of tmpfs instead.
            await AssertReadOnlyMountAsync();
            return;
        }

        Directory.CreateDirectory(Run);
        (await ShellAsync($"chmod 500 '{Run}'")).ShouldBe(0);
        await AssertRefusedAsync(Run);
    }

    private async Task AssertReadOnlyMountAsync()
    {
        Directory.CreateDirectory(Run);
        (await ShellAsync($"mount -t tmpfs -o ro,size=1m tmpfs '{Run}'")).ShouldBe(0, "mounting a read-only tmpfs needs root");
        try
        {
            await AssertRefusedAsync(Path.Combine(Run, "inner"));
            await AssertRefusedAsync(Run);
        }
        finally
        {
            await ShellAsync($"umount '{Run}'");
        }
    }

    private static async Task AssertRefusedAsync(string run)
    {
        var result = await Demo.RunAsync(run, "--epochs", "1");

        result.ExitCode.ShouldBe(5, string.Join("\n", result.Errors));
        string errors = string.Join("\n", result.Errors);
        errors.ShouldStartWith("error: ");
        errors.ShouldNotContain("   at ");
        errors.ShouldContain(run);
    }

    private static async Task<int> ShellAsync(string command)
    {
        using var process = System.Diagnostics.Process.Start("sh", ["-c", command]);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}

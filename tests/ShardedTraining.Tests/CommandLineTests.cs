using Ratchet;

namespace ShardedTraining.Tests;

/// <summary>Options, help and refusals: one line and the exit codes of <see cref="ExitCodes"/>, never a stack trace.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Help_PrintsTheOptions_AndExitsZero()
    {
        var (exitCode, launch) = await Launch.RunAsync(_temp.Combine("run"), null, "--help");
        using (launch)
        {
            exitCode.ShouldBe(ExitCodes.Ok);
            string help = string.Join('\n', launch.Output);
            foreach (string option in new[] { "--run", "--epochs", "--seed", "--world-size", "--help" })
            {
                help.ShouldContain(option);
            }

            Directory.Exists(_temp.Combine("run")).ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData("--bogus", "Unknown option '--bogus'.")]
    [InlineData("--epochs", "Option --epochs needs a value.")]
    [InlineData("--epochs 0", "Option --epochs expects a whole number from 1 to")]
    [InlineData("--world-size 3", "Option --world-size 3 does not divide the table's 4096 rows")]
    public async Task ABadOption_IsOneLine_ThenTheUsage_AndExitCodeUsage(string arguments, string message)
    {
        var (exitCode, launch) = await Launch.RunAsync(_temp.Combine("run"), null, arguments.Split(' '));
        using (launch)
        {
            exitCode.ShouldBe(ExitCodes.Usage, launch.Transcript);
            launch.Errors[0].ShouldStartWith(message);
            launch.Errors[1].ShouldStartWith("Usage: ShardedTraining");
            launch.Output.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task S3WithoutRegionOrEndpoint_IsOneLine_AndTheStoreExitCode()
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_REGION"] = null, ["AWS_DEFAULT_REGION"] = null, ["AWS_ENDPOINT_URL"] = null, ["AWS_PROFILE"] = null,
            ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_CONFIG_FILE"] = _temp.Combine("none"), ["AWS_SHARED_CREDENTIALS_FILE"] = _temp.Combine("none"),
        };
        var (exitCode, launch) = await Launch.RunAsync("s3://no-such-bucket/run", environment, "--epochs", "2");
        using (launch)
        {
            exitCode.ShouldBeOneOf([ExitCodes.StoreCredentials, ExitCodes.StoreUnreachable], launch.Transcript);
            launch.Errors.ShouldHaveSingleItem(launch.Transcript).ShouldStartWith("error: ");
            launch.Output.ShouldBeEmpty(launch.Transcript); // refused before any worker started
        }
    }
}

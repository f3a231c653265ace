using Ratchet.Storage;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace Ratchet.Cli.Tests;

public sealed class ErrorHandlingTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("list")]
    [InlineData("verify", "run", "--step", "abc")]
    [InlineData("list", "run", "--no-such-option")]
    [InlineData("pin", "run")]
    [InlineData("pin", "run", "abc")]
    [InlineData("unpin", "run", "-5")]
    public async Task Usage_Wrong_Exits1(params string[] args)
    {
        var result = await Cli.RunAsync(args);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Error.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("status")]
    [InlineData("list")]
    [InlineData("verify")]
    [InlineData("history")]
    [InlineData("config")]
    [InlineData("pin", "100")]
    [InlineData("unpin", "100")]
    [InlineData("prune", "--keep-last", "1")]
    [InlineData("prune", "--keep-last", "1", "--dry-run")]
    public async Task EveryCommand_MissingRun_Exits2WithOneSentenceAndNoStackTrace(string command, params string[] rest)
    {
        var result = await Cli.RunAsync([command, _runs.Missing, .. rest]);

        result.ExitCode.ShouldBe(2);
        result.Output.ShouldBeEmpty();
        result.Error.ShouldBe($"ratchet: There is no run at '{_runs.Missing}': the directory does not exist. Check the path.\n");
    }

    [Fact]
    public async Task Verbose_AddsTheStackTrace()
    {
        var result = await Cli.RunAsync("list", _runs.Missing, "--verbose");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("CheckpointNotFoundException");
        result.Error.ShouldContain(" at ");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("list")]
    [InlineData("verify")]
    public async Task EmptyRunArgument_IsAUsageError(string command)
    {
        var result = await Cli.RunAsync(command, "");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("RUN must name a run directory");
    }

    [Fact]
    public async Task DirectoryThatIsNoRun_Exits2()
    {
        string path = _runs.PathOf("not-a-run");
        Directory.CreateDirectory(path);

        var result = await Cli.RunAsync("status", path);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("is not a Ratchet run: it has neither run.json nor a checkpoints directory");
    }

    [Fact]
    public async Task CorruptRunJson_ListAndVerifyExit3_StatusStillReports()
    {
        string run = await _runs.IntactAsync();
        await File.WriteAllTextAsync(Path.Combine(run, "run.json"), "{ torn");

        var list = await Cli.RunAsync("list", run);
        var verify = await Cli.RunAsync("verify", run);
        var status = await Cli.RunAsync("status", run);

        list.ExitCode.ShouldBe(3);
        list.Error.ShouldStartWith("ratchet: The run file '");
        verify.ExitCode.ShouldBe(3);
        status.ExitCode.ShouldBe(3);
        status.Output.ShouldContain("Signature    unknown: run.json is unreadable. The run file '");
        status.Output.ShouldContain("Resuming from checkpoint step 300");
    }

    public static TheoryData<Exception, int> Errors => new()
    {
        { new CheckpointNotFoundException("x"), 2 },
        { new CheckpointCorruptException("x"), 3 },
        { new NoUsableCheckpointException("x", []), 3 },
        { new RatchetFormatException("x"), 3 },
        { new Ratchet.Tensors.SafetensorsFormatException("x"), 3 },
        { new RunLockedException("x", null), 4 },
        { new CheckpointConflictException("x"), 4 },
        { new ConfigMismatchException("x", []), 4 },
        { new IOException("x"), 5 },
        { new InvalidOperationException("x"), 5 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void ExitCodes_MapEachLibraryError(Exception error, int expected) => ExitCodes.For(error).ShouldBe(expected);

    [Fact]
    public void ExitCodes_ForLibraryErrors_ShowTheirOwnSentence() =>
        ErrorText.Describe(new RunLockedException("The run 'r' is open for writing by pid 1.", new RunLockHolder(1, "h", DateTimeOffset.UnixEpoch)))
            .ShouldBe("The run 'r' is open for writing by pid 1.");

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await Cli.RunAsync("--help");

        result.ExitCode.ShouldBe(0);
        foreach (string command in new[] { "status", "list", "verify", "history", "config", "prune", "pin", "unpin", "tensors" })
        {
            result.Output.ShouldContain(command);
        }
    }

    [Fact]
    public async Task Cancelled_ExitsWithoutAStackTrace()
    {
        string run = await _runs.IntactAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using var error = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        int exitCode = await RatchetCli.RunAsync(["verify", run], output, error, cancelled.Token);

        exitCode.ShouldBe(130);
        error.ToString().ShouldBe("ratchet: Interrupted; nothing was changed.\n");
    }
}

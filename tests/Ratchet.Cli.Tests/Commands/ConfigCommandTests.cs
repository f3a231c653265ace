namespace Ratchet.Cli.Tests.Commands;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly RunFixture _runs = new();

    public void Dispose() => _runs.Dispose();

    [Fact]
    public async Task Config_PrintsTheStoredConfigAsJsonOnly()
    {
        string run = await _runs.IntactAsync();

        var result = await Cli.RunAsync("config", run);

        result.ExitCode.ShouldBe(0, result.ToString());
        var config = result.Json();
        config.GetProperty("model").GetString().ShouldBe("gan");
        config.GetProperty("lr").GetDouble().ShouldBe(0.001);
        config.GetProperty("hidden").GetInt32().ShouldBe(8);
        config.GetProperty("epochs").GetInt32().ShouldBe(10);
        config.EnumerateObject().Count().ShouldBe(4);
    }

    [Fact]
    public async Task Config_DiffWithAnotherRun_ShowsEveryDifferingKeyAndWhetherItIsIdentity()
    {
        string run = await _runs.IntactAsync(checkpoints: 1);
        string other = await _runs.IntactAsync("other", checkpoints: 1, config: new { model = "gan", lr = 0.0005, hidden = 8, epochs = 20, dropout = 0.1 });

        var result = await Cli.RunAsync("config", run, "--diff", other);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Different signatures");
        result.Output.ShouldContain("3 keys differ:");
        result.Output.ShouldMatch(@"(?s).*│ dropout\s*│ \(absent\)\s*│ 0\.1\s*│ part of identity\s*│.*");
        result.Output.ShouldMatch(@"(?s).*│ epochs\s*│ 10\s*│ 20\s*│ ignored\s*│.*");
        result.Output.ShouldMatch(@"(?s).*│ lr\s*│ 0\.001\s*│ 0\.0005\s*│ part of identity\s*│.*");
        result.Output.ShouldNotContain("│ model");
    }

    [Fact]
    public async Task Config_DiffOnlyInIgnoredKeys_SameSignature()
    {
        string run = await _runs.IntactAsync(checkpoints: 1);
        string other = await _runs.IntactAsync("other", checkpoints: 1, config: new { model = "gan", lr = 0.001, hidden = 8, epochs = 99 });

        var result = await Cli.RunAsync("config", run, "--diff", other);

        result.Output.ShouldContain("Same signature");
        result.Output.ShouldContain("1 key differs:");
    }

    [Fact]
    public async Task Config_DiffWithItself_Identical()
    {
        string run = await _runs.IntactAsync(checkpoints: 1);

        var result = await Cli.RunAsync("config", run, "--diff", run);

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldEndWith("The configs are identical.\n");
    }

    [Fact]
    public async Task Config_DiffWithMissingRun_Exits2()
    {
        string run = await _runs.IntactAsync(checkpoints: 1);

        var result = await Cli.RunAsync("config", run, "--diff", _runs.Missing);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(_runs.Missing);
    }

    [Fact]
    public async Task Config_CheckpointsWithoutRunJson_Exits2()
    {
        string run = await _runs.IntactAsync(checkpoints: 1);
        File.Delete(Path.Combine(run, "run.json"));

        var result = await Cli.RunAsync("config", run);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldBe($"ratchet: The run '{run}' has no run.json, so it has no stored config (its checkpoints were saved outside a training run).\n");
    }
}

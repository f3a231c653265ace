namespace GanDemo.Tests.EndToEnd;

public sealed class DemoResumeTests : IDisposable
{
    private const int SigTerm = 15;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Run => _temp.Combine("run");

    [Fact]
    public async Task Sigterm_DuringTraining_CommitsCheckpointExitsZeroAndNextStartResumesAfterIt()
    {
        using (var child = Demo.Start(Run, "--epochs", "10000"))
        {
            await child.WaitForLineAsync("epoch 3/");
            child.Signal(SigTerm);
            (await child.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0);
            child.Output.ShouldContain(line => line.StartsWith("stopped after epoch", StringComparison.Ordinal));
        }

        long saved = Demo.NewestStep(Run);
        var next = await Demo.RunAsync(Run, "--epochs", $"{(saved / Demo.StepsPerEpoch) + 1}");

        next.ExitCode.ShouldBe(0);
        next.Output[0].ShouldStartWith($"Resuming from checkpoint step {saved} ");
        next.Output.ShouldContain(line => line.StartsWith($"epoch {(saved / Demo.StepsPerEpoch) + 1}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_NewestCheckpointDamaged_ResumesFromPreviousAndWarns()
    {
        (await Demo.RunAsync(Run, "--epochs", "4")).ExitCode.ShouldBe(0);
        Demo.FlipByte(Path.Combine(Demo.CheckpointDirectory(Run, 80), "G.safetensors"), 5);

        var next = await Demo.RunAsync(Run, "--epochs", "5");

        next.ExitCode.ShouldBe(0, string.Join("\n", next.Errors));
        next.Output[0].ShouldStartWith("Resuming from checkpoint step 60 (epoch 3)");
        next.Errors.ShouldContain(line => line.Contains("Passed over damaged checkpoint step-0000000080", StringComparison.Ordinal));
        next.Output.ShouldContain(line => line.StartsWith("epoch 4/5", StringComparison.Ordinal));
        Directory.GetDirectories(Path.Combine(Run, "superseded"), "step-0000000080", SearchOption.AllDirectories).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Start_EveryCheckpointDamaged_RefusesWithDiagnosisAndFreshStartsOver()
    {
        (await Demo.RunAsync(Run, "--epochs", "3")).ExitCode.ShouldBe(0);
        foreach (string checkpoint in Directory.GetDirectories(Path.Combine(Run, "checkpoints"), "step-*"))
        {
            File.Delete(Path.Combine(checkpoint, "rng.bin"));
        }

        var refused = await Demo.RunAsync(Run, "--epochs", "4");

        refused.ExitCode.ShouldBe(3);
        string diagnosis = string.Join("\n", refused.Errors);
        diagnosis.ShouldContain("none is intact");
        diagnosis.ShouldContain("step-0000000060: Part 'rng' (rng.bin) is missing.");

        var fresh = await Demo.RunAsync(Run, "--epochs", "2", "--fresh");

        fresh.ExitCode.ShouldBe(0);
        fresh.Output[0].ShouldStartWith("Starting over as requested: 3 checkpoint(s) and the history were set aside");
        fresh.Output.ShouldContain(line => line.StartsWith("epoch 1/2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ChangedHidden_RefusedWithDiff_ChangedEpochsAccepted()
    {
        (await Demo.RunAsync(Run, "--epochs", "2")).ExitCode.ShouldBe(0);

        var changedModel = await Demo.RunAsync(Run, "--epochs", "2", "--hidden", "24");
        var changedEpochs = await Demo.RunAsync(Run, "--epochs", "3");

        changedModel.ExitCode.ShouldBe(4);
        string.Join("\n", changedModel.Errors).ShouldContain("Hidden: 16 -> 24");
        changedEpochs.ExitCode.ShouldBe(0);
        changedEpochs.Output.ShouldContain(line => line.StartsWith("epoch 3/3", StringComparison.Ordinal));
    }
}

using Microsoft.Extensions.Logging;
using Ratchet.Checkpoints;

namespace Ratchet.Tests.Checkpoints;

/// <summary>Guarantees 3 and 4: resume picks the newest intact checkpoint by the step inside it, and never
/// silently starts over.</summary>
public sealed class ResumeResolutionTests : IDisposable
{
    private readonly CheckpointFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Resolve_NoCheckpointDirectory_FreshStart()
    {
        var decision = await _fixture.Manager.ResolveAsync(ResumeFrom.Newest);

        decision.Kind.ShouldBe(ResumeKind.FreshStart);
        decision.Chosen.ShouldBeNull();
        _fixture.Logger.At(LogLevel.Information).Single().ShouldContain("Starting fresh");
    }

    [Fact]
    public async Task Resolve_SeveralIntact_PicksHighestStepAndLogsOneLine()
    {
        await _fixture.SaveAsync(9, epoch: 1);
        await _fixture.SaveAsync(10, epoch: 2);
        await _fixture.SaveAsync(100, epoch: 3);

        var decision = await _fixture.Manager.ResolveAsync(ResumeFrom.Newest);

        decision.Kind.ShouldBe(ResumeKind.NewestIntact);
        decision.Step.ShouldBe(100);
        _fixture.Logger.At(LogLevel.Information).Last().ShouldBe("Resuming from checkpoint step 100 (epoch 3): the newest checkpoint, fully verified.");
    }

    [Fact]
    public async Task Resolve_NewestCheckpointTruncated_FallsBackAndWarns()
    {
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);
        File.WriteAllBytes(_fixture.PathOf(2, "G.bin"), [1, 2, 3]);

        var decision = await _fixture.Manager.ResolveAsync(ResumeFrom.Newest);

        decision.Step.ShouldBe(1);
        decision.PassedOver.Single().DirectoryName.ShouldBe("step-0000000002");
        string warning = _fixture.Logger.At(LogLevel.Warning).Single();
        warning.ShouldContain("step-0000000002");
        warning.ShouldContain("truncated");
        decision.Summary.ShouldContain("passed over 1 damaged newer one(s)");
    }

    [Fact]
    public async Task Resolve_NewestManifestUnreadable_FallsBackAndWarnsNamingIt()
    {
        // Given a newest checkpoint whose manifest is damaged, so its step cannot be read
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);
        _fixture.FlipByte(2, "manifest.json", 40);

        // When resolving the newest
        var decision = await _fixture.Manager.ResolveAsync(ResumeFrom.Newest);

        // Then the older one is used, and the damaged one is named in a warning and in the decision
        decision.Step.ShouldBe(1);
        decision.PassedOver.Single().DirectoryName.ShouldBe("step-0000000002");
        string warning = _fixture.Logger.At(LogLevel.Warning).Single();
        warning.ShouldContain("step-0000000002");
        warning.ShouldContain("manifest");
        decision.Summary.ShouldContain("passed over 1 damaged one(s) whose step cannot be trusted");
    }

    [Fact]
    public async Task Resolve_NewestCorruptedInBody_FullVerificationCatchesItAndFallsBack()
    {
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);
        _fixture.FlipByte(2, "D.bin", 10);

        (await _fixture.Manager.ResolveAsync(ResumeFrom.Newest)).Step.ShouldBe(1);
    }

    [Fact]
    public async Task Resolve_DirectoryNameWithBigDigits_OrdersByManifestStepNotName()
    {
        // The Applio failure: "G_2333333.pth" won by its digits. Here a copy named like a huge step is caught.
        await _fixture.SaveAsync(5);
        await _fixture.SaveAsync(6);
        CopyDirectory(_fixture.PathOf(5), Path.Combine(_fixture.Directory, "step-2333333333"));

        var decision = await _fixture.Manager.ResolveAsync(ResumeFrom.Newest);

        decision.Step.ShouldBe(6);
        decision.Examined.Single(s => s.DirectoryName == "step-2333333333").Problems.Single().ShouldContain("belongs in 'step-0000000005'");
    }

    [Fact]
    public async Task Resolve_AllCheckpointsDamaged_RefusesWithDiagnosisOfEach()
    {
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);
        File.Delete(_fixture.PathOf(1, "manifest.json"));
        _fixture.FlipByte(2, "G.bin", 0);

        var error = await Should.ThrowAsync<NoUsableCheckpointException>(() => _fixture.Manager.ResolveAsync(ResumeFrom.Newest));

        error.Checkpoints.Count.ShouldBe(2);
        error.Message.ShouldContain("none is intact");
        error.Message.ShouldContain("step-0000000001: Its manifest (manifest.json) is missing");
        error.Message.ShouldContain("step-0000000002: Part 'G' (G.bin) has checksum");
        error.Message.ShouldContain("start over explicitly");
    }

    [Fact]
    public async Task Resolve_OnlyAnEmptyStepDirectory_RefusesRatherThanFreshStart()
    {
        Directory.CreateDirectory(_fixture.PathOf(3));

        await Should.ThrowAsync<NoUsableCheckpointException>(() => _fixture.Manager.ResolveAsync(ResumeFrom.Newest));
    }

    [Fact]
    public async Task Resolve_ExplicitOlderStep_ChosenAndNewerOnesListed()
    {
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);
        await _fixture.SaveAsync(3);

        var decision = await _fixture.Manager.ResolveAsync(ResumeFrom.Step(1));

        decision.Kind.ShouldBe(ResumeKind.Explicit);
        decision.Step.ShouldBe(1);
        decision.PassedOver.Select(s => s.Step).ShouldBe([3L, 2L]);
    }

    [Fact]
    public async Task Resolve_ExplicitDamagedStep_FailsInsteadOfFallingBack()
    {
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);
        _fixture.FlipByte(1, "G.bin", 0);

        var error = await Should.ThrowAsync<CheckpointCorruptException>(() => _fixture.Manager.ResolveAsync(ResumeFrom.Step(1)));

        error.Message.ShouldContain("step-0000000001");
    }

    [Fact]
    public async Task Resolve_ExplicitMissingStep_NotFoundListsAvailable()
    {
        await _fixture.SaveAsync(1);

        (await Should.ThrowAsync<CheckpointNotFoundException>(() => _fixture.Manager.ResolveAsync(ResumeFrom.Step(5)))).Message.ShouldContain("available: 1");
    }

    [Fact]
    public async Task Resolve_ExplicitDirectory_Chosen()
    {
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);

        (await _fixture.Manager.ResolveAsync(ResumeFrom.Directory(_fixture.PathOf(1)))).Step.ShouldBe(1);
    }

    [Fact]
    public async Task ListDirectoryNames_PendingAndForeignEntries_AreNotCheckpoints()
    {
        await _fixture.SaveAsync(1);
        Directory.CreateDirectory(Path.Combine(_fixture.Directory, ".pending-2-abc"));
        Directory.CreateDirectory(Path.Combine(_fixture.Directory, "my-notes"));

        _fixture.Manager.ListDirectoryNames().ShouldBe(["step-0000000001"]);
        (await _fixture.Manager.ResolveAsync(ResumeFrom.Newest)).Step.ShouldBe(1);
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}

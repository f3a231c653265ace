using Microsoft.Extensions.Logging;

namespace Ratchet.Tests.Checkpoints;

public sealed class SweepTests : IDisposable
{
    private readonly CheckpointFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task SweepDebris_PendingAndTrash_RemovedAndLoggedForeignFilesKept()
    {
        await _fixture.SaveAsync(1);
        string pending = Path.Combine(_fixture.Directory, ".pending-2-abc");
        Directory.CreateDirectory(pending);
        File.WriteAllText(Path.Combine(pending, "G.bin"), "half");
        Directory.CreateDirectory(Path.Combine(_fixture.Directory, ".trash-step-0000000000-def"));
        File.WriteAllText(Path.Combine(_fixture.Directory, "README.txt"), "mine");
        Directory.CreateDirectory(Path.Combine(_fixture.Directory, "backup"));

        var removed = _fixture.Manager.SweepDebris();

        removed.Order().ShouldBe([".pending-2-abc", ".trash-step-0000000000-def"]);
        Directory.GetFileSystemEntries(_fixture.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["README.txt", "backup", "step-0000000001"]);
        _fixture.Logger.At(LogLevel.Information).ShouldContain("Swept .pending-2-abc: debris of an interrupted save.");
    }

    [Fact]
    public void SweepDebris_NoCheckpointsDirectory_RemovesNothing() => _fixture.Manager.SweepDebris().ShouldBeEmpty();
}

using System.Text;
using Ratchet.Checkpoints;

namespace Ratchet.Tests.Checkpoints;

/// <summary>Guarantee 5: a flipped, missing or extra byte anywhere in a checkpoint, manifest included, is detected.</summary>
public sealed class VerificationTests : IDisposable
{
    private readonly CheckpointFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Task<CheckpointStatus> VerifyAsync(long step, VerificationLevel level = VerificationLevel.Full) =>
        _fixture.Manager.InspectAsync(Path.GetFileName(_fixture.PathOf(step)), level);

    [Fact]
    public async Task Verify_PartBodyByteFlipped_FullDetectsFastDoesNot()
    {
        await _fixture.SaveAsync(1);
        _fixture.FlipByte(1, "G.bin", 2000);

        (await VerifyAsync(1, VerificationLevel.Fast)).State.ShouldBe(CheckpointState.Unverified);
        var full = await VerifyAsync(1);
        full.State.ShouldBe(CheckpointState.Damaged);
        full.Problems.Single().ShouldContain("Part 'G' (G.bin) has checksum");
    }

    [Fact]
    public async Task Verify_PartTruncated_FastDetectsWithBothSizes()
    {
        await _fixture.SaveAsync(1);
        File.WriteAllBytes(_fixture.PathOf(1, "G.bin"), CheckpointFixture.Payload(1)[..100]);

        var status = await VerifyAsync(1, VerificationLevel.Fast);

        status.State.ShouldBe(CheckpointState.Damaged);
        status.Problems.Single().ShouldContain("is 100 bytes but the manifest records 4096 (truncated)");
    }

    [Fact]
    public async Task Verify_PartDeleted_Detected()
    {
        await _fixture.SaveAsync(1);
        File.Delete(_fixture.PathOf(1, "D.bin"));

        (await VerifyAsync(1, VerificationLevel.Fast)).Problems.Single().ShouldBe("Part 'D' (D.bin) is missing.");
    }

    [Fact]
    public async Task Verify_UnexpectedFileAdded_Detected()
    {
        await _fixture.SaveAsync(1);
        File.WriteAllText(_fixture.PathOf(1, "notes.txt"), "x");

        (await VerifyAsync(1, VerificationLevel.Fast)).Problems.Single().ShouldContain("'notes.txt' is not listed in the manifest");
    }

    [Fact]
    public async Task Verify_PartReplacedBySymlinkOutsideRun_DetectedAndNotFollowed()
    {
        await _fixture.SaveAsync(1);
        File.Delete(_fixture.PathOf(1, "G.bin"));
        File.CreateSymbolicLink(_fixture.PathOf(1, "G.bin"), "/etc/hostname");

        (await VerifyAsync(1)).Problems.Single().ShouldContain("is a symbolic link, not a regular file");
    }

    [Fact]
    public async Task Verify_EveryManifestByteFlipped_EachDetected()
    {
        await _fixture.SaveAsync(7, epoch: 3, loss: 0.5);
        string path = _fixture.PathOf(7, "manifest.json");
        byte[] original = File.ReadAllBytes(path);

        for (int offset = 0; offset < original.Length; offset++)
        {
            byte[] damaged = (byte[])original.Clone();
            damaged[offset] ^= 0x01;
            File.WriteAllBytes(path, damaged);

            var status = await VerifyAsync(7, VerificationLevel.Fast);
            status.State.ShouldBe(CheckpointState.Damaged, $"flipping manifest byte {offset} ('{(char)original[offset]}') went unnoticed");
        }
    }

    [Fact]
    public async Task Verify_ManifestStepDigitChanged_DetectedEvenWithConsistentDirectoryName()
    {
        await _fixture.SaveAsync(7);
        string path = _fixture.PathOf(7, "manifest.json");
        string text = File.ReadAllText(path).Replace("\"step\": 7", "\"step\": 9", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        Directory.Move(_fixture.PathOf(7), _fixture.PathOf(9));

        (await VerifyAsync(9, VerificationLevel.Fast)).Problems.Single().ShouldContain("SHA-256 of its body");
    }

    [Fact]
    public async Task Verify_ManifestTornAtEveryLength_EachDetected()
    {
        await _fixture.SaveAsync(3);
        string path = _fixture.PathOf(3, "manifest.json");
        byte[] original = File.ReadAllBytes(path);

        for (int length = 0; length < original.Length; length += 7)
        {
            File.WriteAllBytes(path, original[..length]);
            (await VerifyAsync(3, VerificationLevel.Fast)).State.ShouldBe(CheckpointState.Damaged, $"manifest torn at {length}");
        }
    }

    [Fact]
    public async Task Verify_ExtraByteAppendedToManifest_Detected()
    {
        await _fixture.SaveAsync(3);
        File.AppendAllText(_fixture.PathOf(3, "manifest.json"), " ");

        (await VerifyAsync(3, VerificationLevel.Fast)).Problems.Single().ShouldContain("envelope");
    }

    [Fact]
    public async Task Verify_ManifestOfAnotherRun_Detected()
    {
        var manager = new CheckpointManager(_fixture.Directory, new CheckpointManagerOptions { RunSignature = "aaaa" });
        await manager.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[] { 1 }));
        var other = new CheckpointManager(_fixture.Directory, new CheckpointManagerOptions { RunSignature = "bbbb" });

        (await other.InspectAsync(Path.GetFileName(_fixture.PathOf(1)))).Problems.Single().ShouldContain("signature 'aaaa', not this run's 'bbbb'");
    }

    [Fact]
    public async Task Verify_PartsSwappedBetweenCheckpoints_Detected()
    {
        await _fixture.SaveAsync(1);
        await _fixture.SaveAsync(2);
        File.Copy(_fixture.PathOf(1, "G.bin"), _fixture.PathOf(2, "G.bin"), overwrite: true);

        (await VerifyAsync(2)).Problems.Single().ShouldContain("Part 'G'");
    }

    [Fact]
    public async Task Verify_ValidEnvelopeAroundHostileBody_RejectedNamingFileAndField()
    {
        await _fixture.SaveAsync(1);
        string path = _fixture.PathOf(1, "manifest.json");
        string body = Encoding.UTF8.GetString(Ratchet.Checkpoints.ManifestEnvelope.Unwrap(File.ReadAllBytes(path), path).Body.Span);
        string hostile = body.Replace("\"name\": \"G\"", "\"name\": \"..\"", StringComparison.Ordinal);
        File.WriteAllBytes(path, Ratchet.Checkpoints.ManifestEnvelope.Wrap(Encoding.UTF8.GetBytes(hostile)));

        var problem = (await VerifyAsync(1, VerificationLevel.Fast)).Problems.Single();

        problem.ShouldContain(path);
        problem.ShouldContain("parts[0].name");
    }
}

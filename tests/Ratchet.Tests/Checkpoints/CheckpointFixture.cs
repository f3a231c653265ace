using Ratchet.Checkpoints;

namespace Ratchet.Tests.Checkpoints;

/// <summary>A checkpoints directory in a fresh temporary folder, with helpers to save and damage checkpoints.</summary>
internal sealed class CheckpointFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public CheckpointFixture()
    {
        Manager = new CheckpointManager(new Ratchet.Storage.Local.LocalRunStore(_temp.Path), new CheckpointManagerOptions { Logger = Logger });
    }

    public RecordingLogger Logger { get; } = new();

    public string Directory => _temp.Combine("checkpoints");

    public CheckpointManager Manager { get; }

    public static byte[] Payload(long step, int length = 4096) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)((i * 31) + step))];

    public Task<CheckpointManifest> SaveAsync(long step, long epoch = 0, double? loss = null)
    {
        var content = new CheckpointContent(step, epoch)
            .AddBytes("G", Payload(step))
            .AddBytes("D", Payload(step + 1000, 1000))
            .AddJson("data", new { Step = step, Seed = 7 });
        if (loss is { } value)
        {
            content.SetMetric("loss", value);
        }

        return Manager.SaveAsync(content);
    }

    public string PathOf(long step, string file = "") => Path.Combine(Directory, Ratchet.Storage.RunLayout.CheckpointName(step), file);

    public void FlipByte(long step, string file, long offset)
    {
        using var stream = new FileStream(PathOf(step, file), FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x01));
    }

    public void Dispose() => _temp.Dispose();
}

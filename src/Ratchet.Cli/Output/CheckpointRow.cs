using Ratchet.Checkpoints;
using Ratchet.Cli.Reading;

namespace Ratchet.Cli.Output;

/// <summary>One checkpoint as the CLI shows it: what verification found, plus its size on disk and its pin.</summary>
/// <param name="Status">What verification found.</param>
/// <param name="DiskBytes">The bytes its directory occupies (for a damaged one too, whatever its manifest says).</param>
/// <param name="Pinned">Whether retention must keep it.</param>
internal sealed record CheckpointRow(CheckpointStatus Status, long DiskBytes, bool Pinned)
{
    public static CheckpointRow For(RunDirectory run, CheckpointStatus status) =>
        new(status, status.StoredBytes, run.IsPinned(status));
}

using System.Text;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>Reads the marker a rank leaves in a shared staging area when its part of the save failed.</summary>
internal static class ShardAbandonment
{
    /// <summary>Why the save was abandoned, when <paramref name="listing"/> (of the staging area) holds the marker; null otherwise.</summary>
    public static async Task<string?> ReasonAsync(ISharedCheckpointStaging staging, IReadOnlyList<FileSystemEntry> listing, CancellationToken cancellationToken)
    {
        if (!listing.Any(file => file.Name == ShardNames.AbandonedFile))
        {
            return null;
        }

        byte[]? reason = await staging.ReadAsync(ShardNames.AbandonedFile, ShardRecord.MaxLength, cancellationToken).ConfigureAwait(false);
        return reason is null ? "no reason recorded" : Encoding.UTF8.GetString(reason);
    }
}

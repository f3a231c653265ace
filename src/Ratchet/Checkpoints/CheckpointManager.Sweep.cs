namespace Ratchet.Checkpoints;

public sealed partial class CheckpointManager
{
    /// <summary>
    /// Removes the debris of interrupted saves (<c>.pending-*</c>) and prunes (<c>.trash-*</c>), logging each.
    /// Only a writer holding the run's lock may call this: a concurrent save's pending directory looks the same.
    /// Anything else in the directory is left alone.
    /// </summary>
    /// <returns>The names removed.</returns>
    public IReadOnlyList<string> SweepDebris()
    {
        if (_fileSystem.GetEntry(Directory) is null)
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var entry in _fileSystem.List(Directory).Where(entry => CheckpointDirectories.IsDebris(entry.Name)))
        {
            string path = Path.Combine(Directory, entry.Name);
            if (entry.Kind == Storage.FileSystemEntryKind.Directory)
            {
                _fileSystem.DeleteDirectory(path);
            }
            else
            {
                _fileSystem.DeleteFile(path);
            }

            removed.Add(entry.Name);
            CheckpointLog.Swept(_logger, entry.Name, entry.Name.StartsWith(CheckpointDirectories.PendingPrefix, StringComparison.Ordinal) ? "save" : "prune");
        }

        if (removed.Count > 0)
        {
            _fileSystem.SyncDirectory(Directory);
        }

        return removed;
    }
}

using System.Globalization;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Storage;

namespace Ratchet.Runs;

/// <summary>
/// Going back never deletes: checkpoints a resume goes back past, and everything a deliberate start-over
/// replaces, are moved (renamed, same volume) under <c>superseded/&lt;UTC time&gt;/</c>, where only an explicit
/// request removes them.
/// </summary>
internal sealed class Supersede(IFileSystem fileSystem, string root, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILogger logger)
{
    public const string DirectoryName = "superseded";

    private string? _destination;

    public void Checkpoints(IEnumerable<CheckpointStatus> statuses)
    {
        foreach (var status in statuses)
        {
            string target = Path.Combine(Destination("checkpoints"), status.DirectoryName);
            fileSystem.Rename(status.DirectoryPath, target);
            fileSystem.SyncDirectory(Path.GetDirectoryName(status.DirectoryPath)!);
            fileSystem.SyncDirectory(Path.GetDirectoryName(target)!);
            RunLog.SetAside(logger, $"checkpoint {status.DirectoryName}", target);
        }
    }

    /// <summary>Sets aside every checkpoint and the history; returns a sentence saying what went where, or null
    /// when there was nothing to set aside.</summary>
    public string? Everything(CheckpointManager checkpoints)
    {
        int count = 0;
        foreach (string name in checkpoints.ListDirectoryNames())
        {
            string target = Path.Combine(Destination("checkpoints"), name);
            fileSystem.Rename(Path.Combine(checkpoints.Directory, name), target);
            RunLog.SetAside(logger, $"checkpoint {name}", target);
            count++;
        }

        foreach (string file in new[] { MetricsHistory.FileName, MetricsHistory.RolledBackFileName })
        {
            string source = Path.Combine(root, file);
            if (fileSystem.GetEntry(source) is not null)
            {
                fileSystem.Rename(source, Path.Combine(Destination(), file));
                RunLog.SetAside(logger, file, Destination());
            }
        }

        if (_destination is not null)
        {
            fileSystem.SyncDirectory(Path.Combine(_destination, "checkpoints"));
            fileSystem.SyncDirectory(_destination);
            fileSystem.SyncDirectory(root);
            if (fileSystem.GetEntry(checkpoints.Directory) is not null)
            {
                fileSystem.SyncDirectory(checkpoints.Directory);
            }
        }

        return _destination is null ? null : $"Starting over as requested: {count} checkpoint(s) and the history were set aside under '{_destination}'.";
    }

    private string Destination(string? child = null)
    {
        if (_destination is null)
        {
            string parent = Path.Combine(root, DirectoryName);
            DurableDirectory.Ensure(fileSystem, parent);
            string stamp = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
            _destination = Path.Combine(parent, stamp);
            for (int suffix = 2; fileSystem.GetEntry(_destination) is not null; suffix++)
            {
                _destination = Path.Combine(parent, $"{stamp}-{suffix}");
            }

            fileSystem.CreateDirectory(_destination);
            fileSystem.SyncDirectory(parent);
            fileSystem.SyncDirectory(root);
        }

        if (child is null)
        {
            return _destination;
        }

        string path = Path.Combine(_destination, child);
        if (fileSystem.GetEntry(path) is null)
        {
            fileSystem.CreateDirectory(path);
            fileSystem.SyncDirectory(_destination);
        }

        return path;
    }
}

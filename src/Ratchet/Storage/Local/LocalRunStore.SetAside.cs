using System.Globalization;

namespace Ratchet.Storage.Local;

public sealed partial class LocalRunStore
{
    /// <summary>Where set-aside things go: <c>superseded/&lt;UTC time&gt;/</c>, renamed on the same volume, removed
    /// only on an explicit request.</summary>
    internal const string SetAsideFolder = "superseded";

    /// <inheritdoc/>
    public Task<string?> SetAsideAsync(IReadOnlyList<string> checkpoints, IReadOnlyList<string> runFiles, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var present = runFiles.Where(file => _fileSystem.GetEntry(Path.Combine(Root, file)) is not null).ToList();
        if (checkpoints.Count == 0 && present.Count == 0)
        {
            return Task.FromResult<string?>(null);
        }

        string destination = CreateSetAsideDestination(now);
        if (runFiles.Count == 0)
        {
            // A few checkpoints out of the timeline: each move is made durable on its own.
            foreach (string checkpoint in checkpoints)
            {
                string target = Path.Combine(SetAsideChild(destination, RunLayout.CheckpointsFolder), checkpoint);
                _fileSystem.Rename(Describe(checkpoint), target);
                _fileSystem.SyncDirectory(CheckpointsDirectory);
                _fileSystem.SyncDirectory(Path.GetDirectoryName(target)!);
            }

            return Task.FromResult<string?>(destination);
        }

        // A start-over: everything moves first, then every directory involved is synced once.
        foreach (string checkpoint in checkpoints)
        {
            _fileSystem.Rename(Describe(checkpoint), Path.Combine(SetAsideChild(destination, RunLayout.CheckpointsFolder), checkpoint));
        }

        foreach (string file in present)
        {
            _fileSystem.Rename(Path.Combine(Root, file), Path.Combine(destination, file));
        }

        if (checkpoints.Count > 0)
        {
            _fileSystem.SyncDirectory(Path.Combine(destination, RunLayout.CheckpointsFolder));
        }

        _fileSystem.SyncDirectory(destination);
        _fileSystem.SyncDirectory(Root);
        if (_fileSystem.GetEntry(CheckpointsDirectory) is not null)
        {
            _fileSystem.SyncDirectory(CheckpointsDirectory);
        }

        return Task.FromResult<string?>(destination);
    }

    private string CreateSetAsideDestination(DateTimeOffset now)
    {
        string parent = Path.Combine(Root, SetAsideFolder);
        DurableDirectory.Ensure(_fileSystem, parent);
        string stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        string destination = Path.Combine(parent, stamp);
        for (int suffix = 2; _fileSystem.GetEntry(destination) is not null; suffix++)
        {
            destination = Path.Combine(parent, $"{stamp}-{suffix}");
        }

        _fileSystem.CreateDirectory(destination);
        _fileSystem.SyncDirectory(parent);
        _fileSystem.SyncDirectory(Root);
        return destination;
    }

    private string SetAsideChild(string destination, string child)
    {
        string path = Path.Combine(destination, child);
        if (_fileSystem.GetEntry(path) is null)
        {
            _fileSystem.CreateDirectory(path);
            _fileSystem.SyncDirectory(destination);
        }

        return path;
    }
}

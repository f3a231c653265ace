namespace Ratchet.Checkpoints;

/// <summary>
/// What one writer knows of its run's committed checkpoints (fast checks or better), by name, with the newest-first
/// order kept between saves and the store's version token from when it was last in step with the store. A save adds
/// the newest checkpoint at the front and a prune removes a few, so neither re-sorts thousands of statuses.
/// </summary>
internal sealed class KnownCheckpoints
{
    private readonly Dictionary<string, CheckpointStatus> _byName = new(StringComparer.Ordinal);
    private List<CheckpointStatus>? _newestFirst;

    /// <summary>The store's version token when this was last in step with it; null when unknown.</summary>
    public string? Version { get; set; }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public IEnumerable<string> Names => _byName.Keys;

    public void Set(CheckpointStatus status)
    {
        bool replaced = _byName.TryGetValue(status.DirectoryName, out var previous);
        _byName[status.DirectoryName] = status;
        if (_newestFirst is null)
        {
            return;
        }

        if (replaced && previous!.Step == status.Step)
        {
            _newestFirst[_newestFirst.IndexOf(previous)] = status;
        }
        else if (!replaced && status.Step is { } step && (_newestFirst.Count == 0 || _newestFirst[0].Step < step))
        {
            _newestFirst.Insert(0, status);
        }
        else
        {
            _newestFirst = null;
        }
    }

    public void Remove(string name)
    {
        if (_byName.Remove(name, out var removed))
        {
            _newestFirst?.Remove(removed);
        }
    }

    public void Clear()
    {
        _byName.Clear();
        _newestFirst = null;
        Version = null;
    }

    /// <summary>Newest step first; those whose manifest cannot be read come last, by name.</summary>
    public IReadOnlyList<CheckpointStatus> NewestFirst() =>
        _newestFirst ??= Order(_byName.Values);

    public static List<CheckpointStatus> Order(IEnumerable<CheckpointStatus> statuses) =>
        [.. statuses.OrderByDescending(status => status.Step ?? -1).ThenBy(status => status.DirectoryName, StringComparer.Ordinal)];
}

namespace Ratchet.Testing;

public sealed partial class CrashSimulatingFileSystem
{
    // Entry changes not yet folded into the directories' durable entries, oldest first.
    private readonly List<NamespaceEffect> _pending = [];
    private readonly Dictionary<(SimDirectory Directory, string Name), NamespaceEffect> _lastChange = [];
    private NamespaceEffect? _lastDirectoryMove;

    /// <summary>Whether a crash now could lose anything: an entry change not yet durable, or unsynced data
    /// in a file that is reachable.</summary>
    public bool HasUnsyncedChanges
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0 || Walk().Any(item => item.Node is SimFile { HasUnsyncedData: true });
            }
        }
    }

    /// <summary>Makes everything durable, as sync(2) does, except data caught by a failed fsync, which no
    /// later sync writes again. Not a numbered operation; meant for preparing a test.</summary>
    public void SyncAll()
    {
        lock (_gate)
        {
            ThrowIfHalted();
            _pending.ForEach(effect => effect.Force());
            Fold();
            foreach (var file in Walk().Select(item => item.Node).OfType<SimFile>().Concat(_openFiles.Select(handle => handle.File)).Distinct())
            {
                file.Sync();
            }
        }
    }

    /// <summary>Applies an entry change now and logs it as volatile.</summary>
    private void Record(NamespaceEffect effect, bool movesDirectoryAcross = false)
    {
        foreach (var slot in effect.Slots())
        {
            if (_lastChange.TryGetValue(slot, out var cause) && !cause.Settled)
            {
                effect.Dependencies.Add(cause);
            }

            _lastChange[slot] = effect;
        }

        if (movesDirectoryAcross)
        {
            if (_lastDirectoryMove is { Settled: false })
            {
                effect.Dependencies.Add(_lastDirectoryMove);
            }

            _lastDirectoryMove = effect;
        }

        effect.ApplyTo(directory => directory.Entries);
        _pending.Add(effect);
    }

    /// <summary>Applies an entry change and makes it durable at once (for planting fixtures).</summary>
    private void RecordDurable(NamespaceEffect effect)
    {
        Record(effect);
        effect.Force();
        Fold();
    }

    private void MakeEntriesDurable(SimDirectory directory)
    {
        foreach (var effect in _pending.Where(effect => !effect.Forced).ToList())
        {
            if (effect.UnsyncedDirectories.Remove(directory) && effect.UnsyncedDirectories.Count == 0)
            {
                effect.Force();
            }
        }

        Fold();
    }

    /// <summary>Moves durable changes into the directories' durable entries and drops changes no crash can
    /// show any more, so the log stays short. Folding out of order is sound: a durable change's causes are
    /// durable, and changes of different names commute.</summary>
    private void Fold()
    {
        foreach (var effect in _pending.Where(effect => effect.Forced))
        {
            effect.ApplyTo(directory => directory.DurableEntries);
        }

        _pending.RemoveAll(effect => effect.Forced);
        var live = LiveDirectories();
        foreach (var effect in _pending)
        {
            effect.Discarded = !effect.Slots().Any(slot => live.Contains(slot.Directory));
        }

        _pending.RemoveAll(effect => effect.Discarded);
        foreach (var slot in _lastChange.Where(entry => entry.Value.Settled).Select(entry => entry.Key).ToList())
        {
            _lastChange.Remove(slot);
        }

        if (_lastDirectoryMove is { Settled: true })
        {
            _lastDirectoryMove = null;
        }
    }

    /// <summary>Every directory some crash state could reach: from the root through durable or current
    /// entries, or placed by a volatile change.</summary>
    private HashSet<SimDirectory> LiveDirectories()
    {
        var live = new HashSet<SimDirectory>();
        var pending = new Stack<SimDirectory>([_root, .. _pending.Select(effect => effect.Node).OfType<SimDirectory>()]);
        while (pending.TryPop(out var directory))
        {
            if (live.Add(directory))
            {
                foreach (var child in directory.Entries.Values.Concat(directory.DurableEntries.Values).OfType<SimDirectory>())
                {
                    pending.Push(child);
                }
            }
        }

        return live;
    }
}

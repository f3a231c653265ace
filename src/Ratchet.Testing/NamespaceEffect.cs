namespace Ratchet.Testing;

/// <summary>
/// One change to directory entries that is in memory but maybe not on disk: a link (create), an unlink
/// (delete) or both at once (an atomic rename). It becomes durable when every directory it touches has been
/// synced after it.
/// </summary>
internal sealed class NamespaceEffect
{
    public NamespaceEffect(SimDirectory? fromDirectory, string? fromName, SimDirectory? toDirectory, string? toName, SimNode? node)
    {
        FromDirectory = fromDirectory;
        FromName = fromName;
        ToDirectory = toDirectory;
        ToName = toName;
        Node = node;
        if (fromDirectory is not null)
        {
            UnsyncedDirectories.Add(fromDirectory);
        }

        if (toDirectory is not null)
        {
            UnsyncedDirectories.Add(toDirectory);
        }
    }

    public SimDirectory? FromDirectory { get; }

    public string? FromName { get; }

    public SimDirectory? ToDirectory { get; }

    public string? ToName { get; }

    public SimNode? Node { get; }

    /// <summary>
    /// Earlier effects this one builds on: the previous change of each name it touches (so a rename never
    /// lands without the creation of what it moves) and, for a directory moved between directories, the
    /// previous such move (Linux serialises them; without it a crash could apply moves that form a cycle).
    /// </summary>
    public List<NamespaceEffect> Dependencies { get; } = [];

    public HashSet<SimDirectory> UnsyncedDirectories { get; } = [];

    public bool Forced { get; private set; }

    /// <summary>Dropped because it only touches directories that no crash state can reach (say, the entries
    /// of a directory whose deletion is durable): no outcome depends on it any more.</summary>
    public bool Discarded { get; set; }

    /// <summary>Whether effects that build on this one no longer need to wait for it.</summary>
    public bool Settled => Forced || Discarded;

    public IEnumerable<(SimDirectory Directory, string Name)> Slots()
    {
        if (FromDirectory is not null)
        {
            yield return (FromDirectory, FromName!);
        }

        if (ToDirectory is not null)
        {
            yield return (ToDirectory, ToName!);
        }
    }

    /// <summary>Makes this durable, and with it what it builds on: a journal never commits an effect
    /// without its causes.</summary>
    public void Force()
    {
        if (Forced)
        {
            return;
        }

        Forced = true;
        Dependencies.ForEach(dependency => dependency.Force());
    }

    public void ApplyTo(Func<SimDirectory, Dictionary<string, SimNode>> entriesOf)
    {
        if (FromDirectory is not null)
        {
            entriesOf(FromDirectory).Remove(FromName!);
        }

        if (ToDirectory is not null)
        {
            entriesOf(ToDirectory)[ToName!] = Node!;
        }
    }
}

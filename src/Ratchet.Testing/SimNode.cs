namespace Ratchet.Testing;

/// <summary>An inode of the simulated file system. Names live in directories, not in nodes, so a node
/// keeps its identity through renames and after it is unlinked while still open.</summary>
internal abstract class SimNode;

/// <summary>A directory: its entries as they are now, and as they are on disk.</summary>
internal sealed class SimDirectory : SimNode
{
    public Dictionary<string, SimNode> Entries { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SimNode> DurableEntries { get; } = new(StringComparer.Ordinal);
}

/// <summary>A symbolic link; only ever planted by a test.</summary>
internal sealed class SimLink(string target) : SimNode
{
    public string Target { get; } = target;
}

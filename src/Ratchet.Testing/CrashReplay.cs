namespace Ratchet.Testing;

/// <summary>Builds the tree a machine finds after a crash: the durable entries, plus the volatile entry
/// changes the chooser keeps (never one whose causes were lost), with each file's bytes as chosen.</summary>
internal static class CrashReplay
{
    public static SimDirectory Build(SimDirectory root, IReadOnlyList<NamespaceEffect> pending, CrashChooser chooser)
    {
        var entries = new Dictionary<SimDirectory, Dictionary<string, SimNode>>();
        Dictionary<string, SimNode> EntriesOf(SimDirectory directory)
        {
            if (!entries.TryGetValue(directory, out var map))
            {
                map = new Dictionary<string, SimNode>(directory.DurableEntries, StringComparer.Ordinal);
                entries.Add(directory, map);
            }

            return map;
        }

        var kept = new HashSet<NamespaceEffect>();
        foreach (var effect in pending)
        {
            if (effect.Forced || (effect.Dependencies.TrueForAll(cause => cause.Settled || kept.Contains(cause)) && chooser.Keep(effect)))
            {
                effect.ApplyTo(EntriesOf);
                kept.Add(effect);
            }
        }

        var copies = new Dictionary<SimNode, SimNode>();
        return (SimDirectory)Copy(root, EntriesOf, chooser, copies);
    }

    private static SimNode Copy(
        SimNode node,
        Func<SimDirectory, Dictionary<string, SimNode>> entriesOf,
        CrashChooser chooser,
        Dictionary<SimNode, SimNode> copies)
    {
        if (copies.TryGetValue(node, out var copy))
        {
            return copy;
        }

        switch (node)
        {
            case SimDirectory directory:
                var directoryCopy = new SimDirectory();
                copies.Add(node, directoryCopy);
                foreach (var (name, child) in entriesOf(directory))
                {
                    var childCopy = Copy(child, entriesOf, chooser, copies);
                    directoryCopy.Entries.Add(name, childCopy);
                    directoryCopy.DurableEntries.Add(name, childCopy);
                }

                return directoryCopy;
            case SimFile file:
                copy = new SimFile(chooser.ContentOf(file));
                break;
            default:
                copy = new SimLink(((SimLink)node).Target);
                break;
        }

        copies.Add(node, copy);
        return copy;
    }
}

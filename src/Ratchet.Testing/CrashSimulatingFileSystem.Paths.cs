namespace Ratchet.Testing;

public sealed partial class CrashSimulatingFileSystem
{
    /// <summary>Where a path leads. <see cref="Path"/> is normalised, with symbolic links on the way resolved;
    /// <see cref="Parent"/> is null for the root only; <see cref="Node"/> is null when nothing has the name.</summary>
    private readonly record struct Location(string Path, SimDirectory? Parent, string Name, SimNode? Node);

    private Location Locate(string path, bool followFinal) => TryLocate(path, followFinal) ?? throw IoErrors.PartNotFound(path);

    /// <summary>Walks the current tree like path lookup in the kernel: links inside the path are followed,
    /// the last component only when asked. Null when a directory on the way is missing or is not one.</summary>
    private Location? TryLocate(string path, bool followFinal)
    {
        var current = SimPath.Normalize(path);
        for (var hops = 0; hops <= MaxSymbolicLinkHops; hops++)
        {
            var segments = SimPath.Segments(current);
            if (segments.Length == 0)
            {
                return new Location(SimPath.Root, null, string.Empty, _root);
            }

            var directory = _root;
            string? next = null;
            for (var i = 0; i < segments.Length && next is null; i++)
            {
                var last = i == segments.Length - 1;
                directory.Entries.TryGetValue(segments[i], out var node);
                if (node is SimLink link && (!last || followFinal))
                {
                    var target = link.Target.StartsWith('/') ? link.Target : SimPath.Combine(SimPath.Join(segments.Take(i)), link.Target);
                    next = SimPath.Normalize(string.Join('/', [target, .. segments.Skip(i + 1)]));
                }
                else if (last)
                {
                    return new Location(current, directory, segments[i], node);
                }
                else if (node is SimDirectory child)
                {
                    directory = child;
                }
                else
                {
                    return null;
                }
            }

            current = next!;
        }

        throw IoErrors.TooManyLinks(path);
    }

    /// <summary>Every node reachable from the root now, with its path, parents before children.</summary>
    private IEnumerable<(string Path, SimNode Node)> Walk()
    {
        var pending = new Stack<(string Path, SimDirectory Directory)>();
        pending.Push((SimPath.Root, _root));
        while (pending.TryPop(out var item))
        {
            foreach (var (name, node) in item.Directory.Entries)
            {
                var path = SimPath.Combine(item.Path, name);
                yield return (path, node);
                if (node is SimDirectory directory)
                {
                    pending.Push((path, directory));
                }
            }
        }
    }

    private long ComputeUsedBytes() =>
        Walk().Select(item => item.Node).OfType<SimFile>()
            .Concat(_openFiles.Select(handle => handle.File))
            .Distinct()
            .Sum(file => (long)file.Current.Length);
}

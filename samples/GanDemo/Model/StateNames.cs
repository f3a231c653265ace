namespace GanDemo.Model;

/// <summary>Helpers for moving named arrays in and out of live state.</summary>
internal static class StateNames
{
    /// <summary>Copies each target's values from the source of the same name; all must be present.</summary>
    /// <remarks>Checks everything before writing anything, so a bad checkpoint leaves the model untouched.</remarks>
    public static void CopyByName(IReadOnlyList<NamedArray> targets, IEnumerable<NamedArray> sources, string kind)
    {
        foreach (var (target, source) in Match(targets, sources, kind))
        {
            source.Values.CopyTo(target.Values, 0);
        }
    }

    /// <summary>Pairs each target with the source of the same name and shape, or throws naming the first mismatch.</summary>
    public static List<(NamedArray Target, NamedArray Source)> Match(
        IReadOnlyList<NamedArray> targets, IEnumerable<NamedArray> sources, string kind)
    {
        var byName = new Dictionary<string, NamedArray>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            byName[source.Name] = source;
        }

        var pairs = new List<(NamedArray Target, NamedArray Source)>(targets.Count);
        foreach (var target in targets)
        {
            if (!byName.TryGetValue(target.Name, out var source))
            {
                throw new ArgumentException(
                    $"The saved state has no {kind} named '{target.Name}'. It was written by a different model; " +
                    "use the same model options as the run that wrote it.",
                    nameof(sources));
            }

            if (!target.Shape.AsSpan().SequenceEqual(source.Shape))
            {
                throw new ArgumentException(
                    $"The saved {kind} '{target.Name}' has shape [{string.Join(", ", source.Shape)}], but the model " +
                    $"expects [{string.Join(", ", target.Shape)}]. Use the same model options as the run that wrote it.",
                    nameof(sources));
            }

            pairs.Add((target, source));
        }

        return pairs;
    }

    /// <summary>Deep copies of <paramref name="arrays"/>, each renamed to <c>prefix.name</c>.</summary>
    public static IEnumerable<NamedArray> CopiesWithPrefix(string prefix, IEnumerable<NamedArray> arrays) =>
        arrays.Select(a => a.Copy(prefix + "." + a.Name));

    /// <summary>The arrays named <c>prefix.rest</c>, renamed to <c>rest</c> (sharing their values).</summary>
    public static List<NamedArray> WithoutPrefix(string prefix, IEnumerable<NamedArray> arrays) =>
        [.. arrays
            .Where(a => a.Name.StartsWith(prefix + ".", StringComparison.Ordinal))
            .Select(a => new NamedArray(a.Name[(prefix.Length + 1)..], a.Shape, a.Values))];
}

using System.Collections.Concurrent;
using Ratchet.Storage.Local;

namespace Ratchet.Storage;

/// <summary>
/// Turns a run's location into its store: a plain path is a local folder; a URL whose scheme a storage package
/// registered (for example <c>s3://</c>) goes to that package, so the core never depends on any storage SDK.
/// </summary>
public static class RunStores
{
    private static readonly ConcurrentDictionary<string, Func<string, IRunStore>> Factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes locations starting with <c>scheme://</c> open through <paramref name="open"/>.</summary>
    public static void Register(string scheme, Func<string, IRunStore> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentNullException.ThrowIfNull(open);
        Factories[scheme] = open;
    }

    /// <summary>The store for <paramref name="location"/>.</summary>
    /// <exception cref="RunOptionsException">The location is a URL whose scheme no storage package registered.</exception>
    public static IRunStore Open(string location) => Open(location, LocalFileSystem.Instance);

    internal static IRunStore Open(string location, IFileSystem fileSystem)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        int separator = location.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return new LocalRunStore(location, fileSystem);
        }

        string scheme = location[..separator];
        return Factories.TryGetValue(scheme, out var open)
            ? open(location)
            : throw new RunOptionsException(
                $"No storage is registered for '{scheme}://' (in '{location}'). Reference the package that provides it "
                + $"(Ratchet.S3 for s3://) and register it at start-up, or give a local path.");
    }
}

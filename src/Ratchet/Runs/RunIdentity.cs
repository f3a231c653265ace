using System.Text.Json;

namespace Ratchet.Runs;

/// <summary>Creates <c>run.json</c> for a new run, or checks the given config against an existing run's identity.</summary>
internal static class RunIdentity
{
    public static async Task<RunInfo> EstablishAsync(string root, JsonElement config, TrainingRunOptions options, CancellationToken cancellationToken)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The run config must serialize to a JSON object, not {config.ValueKind}.", nameof(config));
        }

        var fileSystem = options.FileSystem;
        var saved = await RunFile.ReadAsync(fileSystem, root, cancellationToken).ConfigureAwait(false);
        if (saved is null)
        {
            var ignored = options.IgnoredConfigKeys.Order(StringComparer.Ordinal).ToList();
            var created = new RunInfo(ConfigIdentity.Signature(config, ignored), options.TimeProvider.GetUtcNow(), config.Clone(), ignored, []);
            await RunFile.WriteAsync(fileSystem, root, created, cancellationToken).ConfigureAwait(false);
            RunLog.Created(options.Logger, root, created.Signature);
            return created;
        }

        var ignoredKeys = saved.IgnoredKeys.Union(options.IgnoredConfigKeys).ToList();
        var differences = ConfigIdentity.Diff(saved.Config, config, ignoredKeys);
        var refused = differences.Where(difference => !IsAllowed(difference.Path, options.AllowedConfigChanges)).ToList();
        if (refused.Count > 0)
        {
            throw new ConfigMismatchException(
                $"The config differs from the one run '{root}' was created with (signature {saved.Signature}) in {refused.Count} key(s): "
                + string.Join("; ", refused) + ". "
                + "Use the saved config to resume, start a new run in another directory, or allow these keys to change explicitly.",
                refused);
        }

        var accepted = saved with { IgnoredKeys = ignoredKeys };
        if (differences.Count > 0)
        {
            var now = options.TimeProvider.GetUtcNow();
            foreach (var difference in differences)
            {
                RunLog.ConfigChanged(options.Logger, difference);
            }

            accepted = accepted with
            {
                Config = config.Clone(),
                Changes = [.. saved.Changes, .. differences.Select(d => new ConfigChange(now, d.Path, d.Saved, d.Given))],
            };
        }

        if (differences.Count > 0 || ignoredKeys.Count != saved.IgnoredKeys.Count)
        {
            await RunFile.WriteAsync(fileSystem, root, accepted, cancellationToken).ConfigureAwait(false);
        }

        return accepted;
    }

    private static bool IsAllowed(string path, IEnumerable<string> allowed) => allowed.Any(key =>
        path == key
        || (path.StartsWith(key, StringComparison.Ordinal) && path.Length > key.Length && path[key.Length] is '.' or '['));
}

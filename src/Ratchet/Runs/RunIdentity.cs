using System.Text.Json;

namespace Ratchet.Runs;

/// <summary>
/// Works out the run's identity: a new one for a new run, or the existing one checked against the given config.
/// Writes nothing: the caller records the identity with <see cref="RecordAsync"/> only once the open succeeded,
/// so a refused open leaves <c>run.json</c> as it was.
/// </summary>
internal static class RunIdentity
{
    public static async Task RecordAsync(Storage.IRunStore store, EstablishedIdentity identity, TrainingRunOptions options, CancellationToken cancellationToken)
    {
        if (identity.NeedsWrite)
        {
            await RunFile.WriteAsync(store, identity.Info, cancellationToken).ConfigureAwait(false);
        }

        if (identity.Created)
        {
            RunLog.Created(options.Logger, store.Location, identity.Info.Signature);
        }
    }

    public static async Task<EstablishedIdentity> EstablishAsync(Storage.IRunStore store, JsonElement config, TrainingRunOptions options, CancellationToken cancellationToken)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The run config must serialize to a JSON object, not {config.ValueKind}.", nameof(config));
        }

        string root = store.Location;
        var saved = await RunFile.ReadAsync(store, cancellationToken).ConfigureAwait(false);
        if (saved is null)
        {
            var ignored = options.IgnoredConfigKeys.Order(StringComparer.Ordinal).ToList();
            var created = new RunInfo(ConfigIdentity.Signature(config, ignored), options.TimeProvider.GetUtcNow(), config.Clone(), ignored, []);
            return new EstablishedIdentity(created, NeedsWrite: true, Created: true);
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

        return new EstablishedIdentity(accepted, NeedsWrite: differences.Count > 0 || ignoredKeys.Count != saved.IgnoredKeys.Count, Created: false);
    }

    private static bool IsAllowed(string path, IEnumerable<string> allowed) => allowed.Any(key =>
        string.Equals(path, key, StringComparison.OrdinalIgnoreCase)
        || (path.StartsWith(key, StringComparison.OrdinalIgnoreCase) && path.Length > key.Length && path[key.Length] is '.' or '['));
}

/// <summary>The run's identity as an open works it out, and whether <c>run.json</c> must be (re)written once the
/// open succeeds.</summary>
internal sealed record EstablishedIdentity(RunInfo Info, bool NeedsWrite, bool Created);

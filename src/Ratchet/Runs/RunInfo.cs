using System.Text.Json;

namespace Ratchet.Runs;

/// <summary>What <c>run.json</c> records about a run (docs/on-disk-format.md, "run.json").</summary>
/// <param name="Signature">The config signature fixed when the run was created.</param>
/// <param name="CreatedAt">When the run was created (UTC).</param>
/// <param name="Config">The resolved config as last accepted.</param>
/// <param name="IgnoredKeys">Config keys that are not part of the run's identity.</param>
/// <param name="Changes">Every accepted change to an allowed key, oldest first.</param>
public sealed record RunInfo(
    string Signature,
    DateTimeOffset CreatedAt,
    JsonElement Config,
    IReadOnlyList<string> IgnoredKeys,
    IReadOnlyList<ConfigChange> Changes);

/// <summary>An accepted change of a config key the user allowed to change.</summary>
/// <param name="Time">When the change was accepted.</param>
/// <param name="Path">The key's path.</param>
/// <param name="From">The canonical JSON before, or null when absent.</param>
/// <param name="To">The canonical JSON after, or null when absent.</param>
public sealed record ConfigChange(DateTimeOffset Time, string Path, string? From, string? To);

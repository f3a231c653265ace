using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ratchet.Runs;

/// <summary>
/// The identity of a run's config (docs/on-disk-format.md, "Config signature"): the config flattened to
/// <c>path → canonical value</c> (object keys sorted, numbers normalised so <c>1</c>, <c>1.0</c> and <c>1e0</c>
/// agree), minus the keys declared not part of identity, hashed with SHA-256.
/// </summary>
public static class ConfigIdentity
{
    /// <summary>The signature: the first 16 hex digits of the SHA-256 of the canonical flattened config.</summary>
    public static string Signature(JsonElement config, IEnumerable<string> ignoredKeys)
    {
        var flat = Flatten(config, ignoredKeys);
        var text = new StringBuilder();
        foreach (var (path, value) in flat)
        {
            text.Append(path).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>Every key whose canonical value differs, in path order.</summary>
    public static IReadOnlyList<ConfigDifference> Diff(JsonElement saved, JsonElement given, IEnumerable<string> ignoredKeys)
    {
        var ignored = ignoredKeys.ToList();
        var before = Flatten(saved, ignored);
        var after = Flatten(given, ignored);
        return [.. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(path => new ConfigDifference(path, before.GetValueOrDefault(path), after.GetValueOrDefault(path)))
            .Where(difference => difference.Saved != difference.Given)];
    }

    /// <summary>The config as sorted <c>path → canonical value</c> pairs; ignored keys and everything under them are left out.</summary>
    public static SortedDictionary<string, string> Flatten(JsonElement config, IEnumerable<string> ignoredKeys)
    {
        var ignored = new HashSet<string>(ignoredKeys, StringComparer.OrdinalIgnoreCase);
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Visit(config, "", ignored, flat);
        return flat;
    }

    private static void Visit(JsonElement element, string path, HashSet<string> ignored, SortedDictionary<string, string> flat)
    {
        if (ignored.Contains(path))
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                int before = flat.Count;
                foreach (var property in element.EnumerateObject())
                {
                    Visit(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", ignored, flat);
                }

                if (flat.Count == before && path.Length > 0)
                {
                    flat[path] = "{}";
                }

                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, $"{path}[{index++}]", ignored, flat);
                }

                if (index == 0)
                {
                    flat[path] = "[]";
                }

                break;
            default:
                flat[path] = CanonicalScalar(element);
                break;
        }
    }

    private static string CanonicalScalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out long whole) => whole.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => CanonicalNumber(element.GetDouble()),
        JsonValueKind.String => JsonSerializer.Serialize(element.GetString()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    // 2.0 and 2 are the same setting; the shortest round-trip form makes them one string.
    private static string CanonicalNumber(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
}

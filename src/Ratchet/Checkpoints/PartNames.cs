using System.Buffers;

namespace Ratchet.Checkpoints;

/// <summary>The rules for part names and part file names: plain names that can never leave the checkpoint
/// directory (no separators, no <c>..</c>, nothing absolute).</summary>
internal static class PartNames
{
    public const string ManifestFile = Storage.RunLayout.ManifestFile;
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>Null when valid, otherwise why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"it is {name.Length} characters long (at most {MaxLength})";
        }

        if (name.AsSpan().ContainsAnyExcept(Allowed))
        {
            return "only letters, digits, '.', '_' and '-' are allowed";
        }

        return name is "." or ".." || name.StartsWith('.') ? "it must not start with '.'" : null;
    }

    public static string Extension(PartKind kind) => kind switch
    {
        PartKind.Bytes => ".bin",
        PartKind.Json => ".json",
        PartKind.Tensors => ".safetensors",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown part kind."),
    };

    public static string FileFor(string name, PartKind kind) => name + Extension(kind);

    public static void Validate(string name, string paramName)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException($"The part name '{name}' is not allowed: {problem}.", paramName);
        }
    }
}

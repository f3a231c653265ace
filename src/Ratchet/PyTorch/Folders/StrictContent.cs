namespace Ratchet.PyTorch.Folders;

/// <summary>A strict load: the parts of a file a resume needs must be plain values and tensors. Opaque objects there
/// refuse the file, naming each class; opaque objects elsewhere (Dora's OmegaConf <c>args</c>) are fine.</summary>
public static class StrictContent
{
    /// <summary>The value under <paramref name="key"/> of the file's root dict; refuses the file when it is missing or
    /// depends on classes outside the allow-list.</summary>
    /// <exception cref="PyTorchRefusedException">The key is missing, or its value holds opaque objects.</exception>
    public static object? Require(PyTorchFile file, string key)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Root is not PyTorchDict root || !root.TryGet(key, out object? value))
        {
            throw new PyTorchRefusedException($"'{file.Path}' was refused: it has no '{key}', which a resume needs. Nothing in it was run.", []);
        }

        EnsurePlain(file, key, value);
        return value;
    }

    /// <summary>Refuses the file when <paramref name="value"/> holds any opaque object, naming each class.</summary>
    /// <exception cref="PyTorchRefusedException">It does.</exception>
    public static void EnsurePlain(PyTorchFile file, string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(file);
        var globals = PyTorchLeaves.Flatten(value, file.Path, key)
            .Select(leaf => leaf.Value switch
            {
                PyTorchObject opaque => opaque.Type.FullName,
                PyTorchGlobal global => global.FullName,
                _ => null,
            })
            .OfType<string>()
            .Distinct()
            .ToList();
        if (globals.Count > 0)
        {
            throw new PyTorchRefusedException(
                $"'{file.Path}' was refused: its '{key}' depends on {string.Join(", ", globals)}, which Ratchet never imports; "
                + "a strict load needs plain values and tensors there. Nothing in it was run.", globals);
        }
    }

    /// <summary>An integer under <paramref name="key"/> of the root dict, or null.</summary>
    public static long? WholeNumber(PyTorchFile file, string key) =>
        file?.Root is PyTorchDict root && root.TryGet(key, out object? value) && value is long number ? number : null;
}

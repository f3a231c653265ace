using System.Collections;

namespace Ratchet.PyTorch;

/// <summary>A Python list read from a pickle.</summary>
public sealed class PyTorchList : IReadOnlyList<object?>
{
    internal List<object?> Items { get; } = [];

    /// <inheritdoc/>
    public int Count => Items.Count;

    /// <inheritdoc/>
    public object? this[int index] => Items[index];

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A Python tuple (or a <c>torch.Size</c>, which is one) read from a pickle.</summary>
public sealed class PyTorchTuple(IReadOnlyList<object?> items, bool isSize = false) : IReadOnlyList<object?>
{
    /// <summary>Whether the tuple was built as a <c>torch.Size</c>.</summary>
    public bool IsSize { get; } = isSize;

    /// <inheritdoc/>
    public int Count => items.Count;

    /// <inheritdoc/>
    public object? this[int index] => items[index];

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A Python dict (or <c>collections.OrderedDict</c>) read from a pickle, its entries in insertion order.
/// Keys keep their Python type: an optimizer's state is keyed by <see cref="long"/>.</summary>
public sealed class PyTorchDict : IReadOnlyList<KeyValuePair<object?, object?>>
{
    private readonly List<KeyValuePair<object?, object?>> _entries = [];

    internal PyTorchDict(bool isOrdered) => IsOrdered = isOrdered;

    /// <summary>Whether it was a <c>collections.OrderedDict</c> (a state dict is one).</summary>
    public bool IsOrdered { get; }

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <summary>Attributes set on the dict object itself, such as a state dict's <c>_metadata</c>; <see langword="null"/> when none.</summary>
    public PyTorchDict? Attributes { get; internal set; }

    /// <inheritdoc/>
    public KeyValuePair<object?, object?> this[int index] => _entries[index];

    /// <summary>The value under a string key, or <see langword="null"/> when there is none.</summary>
    public object? Get(string key) => TryGet(key, out object? value) ? value : null;

    /// <summary>Finds the value under <paramref name="key"/> (compared as Python would: by value).</summary>
    public bool TryGet(object key, out object? value)
    {
        foreach (var entry in _entries)
        {
            if (Equals(entry.Key, key))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<object?, object?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Sets a key as Python's <c>d[k] = v</c> does: an existing key keeps its place.</summary>
    internal void Set(object? key, object? value)
    {
        int index = _entries.FindIndex(entry => Equals(entry.Key, key));
        if (index >= 0)
        {
            _entries[index] = new(key, value);
        }
        else
        {
            _entries.Add(new(key, value));
        }
    }
}

/// <summary>A <c>torch.device</c>, such as <c>cpu</c> or <c>cuda:0</c>.</summary>
public sealed record PyTorchDevice(string Name);

/// <summary>A class or function named by a pickle but not called: a value such as OmegaConf's <c>typing.Any</c> marker.</summary>
public sealed record PyTorchGlobal(string Module, string Name)
{
    /// <summary><c>module.name</c>.</summary>
    public string FullName => $"{Module}.{Name}";
}

/// <summary>An object of a class outside the allow-list, never imported or built: the class name and the plain state it
/// would have been built from (the arguments, the state set on it, and any items appended or set on it).</summary>
public sealed class PyTorchObject
{
    internal PyTorchObject(PyTorchGlobal type, object? arguments)
    {
        Type = type;
        Arguments = arguments;
    }

    /// <summary>The class (or function) that would have built it.</summary>
    public PyTorchGlobal Type { get; }

    /// <summary>What the class would have been called with (a tuple), or <see langword="null"/>.</summary>
    public object? Arguments { get; }

    /// <summary>What <c>__setstate__</c> would have been given (usually the object's <c>__dict__</c>), or <see langword="null"/>.</summary>
    public object? State { get; internal set; }

    /// <summary>Items appended to it (a list subclass), or <see langword="null"/>.</summary>
    public PyTorchList? ListItems { get; internal set; }

    /// <summary>Items set on it (a dict subclass), or <see langword="null"/>.</summary>
    public PyTorchDict? DictItems { get; internal set; }
}

using System.Globalization;
using System.Numerics;

namespace Ratchet.PyTorch;

/// <summary>Flattens a file's object into leaves by dotted path, the naming expected listings and tools use. Depth is
/// bounded, so a crafted pickle (deep nesting, or a list that contains itself) is refused instead of overflowing the stack.</summary>
public static class PyTorchLeaves
{
    /// <summary>The deepest nesting read; checkpoints nest a handful of levels.</summary>
    public const int MaxDepth = 200;

    /// <summary>Every leaf under <paramref name="value"/>, named from <paramref name="prefix"/> (empty for the root).</summary>
    public static IReadOnlyList<PyTorchLeaf> Flatten(object? value, string source, string prefix = "")
    {
        var leaves = new List<PyTorchLeaf>();
        Walk(value, prefix, 0, leaves, source);
        return leaves;
    }

    /// <summary>The name of a dict key in a dotted path: a string as is, an integer in decimal (optimizer state keys).</summary>
    public static string KeyName(object? key) => key switch
    {
        string text => text,
        long number => number.ToString(CultureInfo.InvariantCulture),
        BigInteger number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "True" : "False",
        null => "None",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => Pickle.PickleMachine.Describe(key),
    };

    private static void Walk(object? value, string path, int depth, List<PyTorchLeaf> leaves, string source)
    {
        if (depth > MaxDepth)
        {
            throw new PyTorchRefusedException(
                $"'{source}' was refused: its object nests deeper than {MaxDepth} levels at '{path}' (or contains itself). Nothing in it was run.", []);
        }

        switch (value)
        {
            case PyTorchDict dict:
                foreach (var (key, item) in dict)
                {
                    string name = KeyName(key);
                    Walk(item, path.Length == 0 ? name : $"{path}.{name}", depth + 1, leaves, source);
                }

                break;
            case PyTorchList or PyTorchTuple:
                int index = 0;
                foreach (object? item in (IEnumerable<object?>)value)
                {
                    Walk(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), depth + 1, leaves, source);
                }

                break;
            default:
                leaves.Add(new PyTorchLeaf(path, value));
                break;
        }
    }
}

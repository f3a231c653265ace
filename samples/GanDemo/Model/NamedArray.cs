namespace GanDemo.Model;

/// <summary>
/// A named, shaped block of <see cref="float"/>s: a layer's weights, biases, their gradients or an
/// optimizer moment. Shapes are row-major, like a tensor file expects them.
/// </summary>
/// <remarks>
/// <see cref="Values"/> is the live storage, not a copy: the optimizer updates it in place, and a loader
/// can write into it. State exports hand out copies instead (see <see cref="Copy"/>).
/// </remarks>
public sealed class NamedArray
{
    /// <summary>Creates a zero-filled array of the given shape.</summary>
    public NamedArray(string name, params int[] shape)
        : this(name, shape, new float[ElementCount(shape)])
    {
    }

    /// <summary>Wraps existing values; their count must match the shape.</summary>
    public NamedArray(string name, int[] shape, float[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != ElementCount(shape))
        {
            throw new ArgumentException(
                $"'{name}' has shape [{string.Join(", ", shape)}], which holds {ElementCount(shape)} " +
                $"values, but {values.Length} were given.",
                nameof(values));
        }

        Name = name;
        Shape = shape;
        Values = values;
    }

    /// <summary>The name under which the values are saved, e.g. <c>layer0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The dimensions, outermost first; a weight is <c>[outputs, inputs]</c>.</summary>
    public int[] Shape { get; }

    /// <summary>The values in row-major order.</summary>
    public float[] Values { get; }

    /// <summary>Returns a deep copy under <paramref name="name"/> (or the same name).</summary>
    public NamedArray Copy(string? name = null) => new(name ?? Name, (int[])Shape.Clone(), (float[])Values.Clone());

    private static int ElementCount(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var count = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension);
            count = checked(count * dimension);
        }

        return count;
    }
}

namespace GanDemo.Model;

/// <summary>
/// A multi-layer perceptron: dense layers with LeakyReLU between them and a linear output.
/// Batches are flat row-major arrays, <c>batchSize × width</c>.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> remembers what <see cref="Backward"/> needs, so the two are called in pairs on
/// the same batch, as in any framework without a tape.
/// </remarks>
public sealed class Mlp
{
    /// <summary>The negative-side slope of the hidden activations (the usual GAN choice).</summary>
    public const float LeakySlope = 0.2f;

    private readonly DenseLayer[] _layers;
    private readonly float[][] _preActivations;

    /// <summary>Creates a network with the given widths, e.g. <c>[2, 64, 64, 1]</c>.</summary>
    /// <param name="widths">Input width, hidden widths, output width.</param>
    /// <param name="random">Source of the initial weights; it advances by one draw per parameter.</param>
    public Mlp(IReadOnlyList<int> widths, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(random);
        if (widths.Count < 2 || widths.Any(w => w <= 0))
        {
            throw new ArgumentException(
                $"An MLP needs at least an input and an output width, all positive; got [{string.Join(", ", widths)}].",
                nameof(widths));
        }

        Widths = [.. widths];
        _layers = new DenseLayer[widths.Count - 1];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new DenseLayer($"layer{i}", widths[i], widths[i + 1], random);
        }

        _preActivations = new float[_layers.Length][];
        Parameters = [.. _layers.SelectMany(l => new[] { l.Weight, l.Bias })];
        Gradients = [.. _layers.SelectMany(l => new[] { l.WeightGradient, l.BiasGradient })];
    }

    /// <summary>Input width, hidden widths, output width.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>The trainable arrays in a fixed order: <c>layer0.weight</c>, <c>layer0.bias</c>, <c>layer1.weight</c>, …</summary>
    public IReadOnlyList<NamedArray> Parameters { get; }

    /// <summary>
    /// Gradients from the latest <see cref="Backward"/>, matching <see cref="Parameters"/> one to one
    /// (same names, same shapes).
    /// </summary>
    public IReadOnlyList<NamedArray> Gradients { get; }

    /// <summary>Runs a batch through the network and returns <c>batchSize × output width</c> values.</summary>
    public float[] Forward(float[] input, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (input.Length != batchSize * Widths[0])
        {
            throw new ArgumentException(
                $"A batch of {batchSize} rows of width {Widths[0]} has {batchSize * Widths[0]} values, but {input.Length} were given.",
                nameof(input));
        }

        var activation = input;
        for (var i = 0; i < _layers.Length; i++)
        {
            var z = _layers[i].Forward(activation, batchSize);
            _preActivations[i] = z;
            activation = i == _layers.Length - 1 ? z : LeakyRelu(z);
        }

        return activation;
    }

    /// <summary>
    /// Back-propagates the loss gradient with respect to the latest <see cref="Forward"/> output,
    /// overwrites <see cref="Gradients"/> and returns the gradient with respect to that call's input.
    /// </summary>
    /// <param name="outputGradient">The loss gradient with respect to each output value.</param>
    /// <param name="computeParameterGradients">
    /// False when only the input gradient is wanted (the discriminator during a generator update);
    /// <see cref="Gradients"/> are then left as they were, and the pass costs about a third less.
    /// </param>
    public float[] Backward(float[] outputGradient, bool computeParameterGradients = true)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var gradient = outputGradient;
        for (var i = _layers.Length - 1; i >= 0; i--)
        {
            if (i < _layers.Length - 1)
            {
                gradient = LeakyReluBackward(_preActivations[i], gradient);
            }

            gradient = _layers[i].Backward(gradient, computeParameterGradients);
        }

        return gradient;
    }

    private static float[] LeakyRelu(float[] z)
    {
        var a = new float[z.Length];
        for (var i = 0; i < z.Length; i++)
        {
            a[i] = z[i] > 0f ? z[i] : LeakySlope * z[i];
        }

        return a;
    }

    private static float[] LeakyReluBackward(float[] z, float[] gradient)
    {
        var result = new float[z.Length];
        for (var i = 0; i < z.Length; i++)
        {
            result[i] = z[i] > 0f ? gradient[i] : LeakySlope * gradient[i];
        }

        return result;
    }
}

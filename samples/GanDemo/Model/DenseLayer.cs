namespace GanDemo.Model;

/// <summary>
/// A fully connected layer <c>y = W x + b</c> over a batch, keeping its input for the backward pass.
/// </summary>
/// <remarks>
/// All sums run in a fixed order in plain scalar <see cref="float"/> arithmetic: no SIMD width or thread
/// count can change the rounding, which keeps training bit-identical across save and restore.
/// </remarks>
internal sealed class DenseLayer
{
    private float[] _input = [];
    private int _batchSize;

    public DenseLayer(string prefix, int inputs, int outputs, DeterministicRandom random)
    {
        Inputs = inputs;
        Outputs = outputs;
        Weight = new NamedArray(prefix + ".weight", outputs, inputs);
        Bias = new NamedArray(prefix + ".bias", outputs);
        WeightGradient = new NamedArray(prefix + ".weight", outputs, inputs);
        BiasGradient = new NamedArray(prefix + ".bias", outputs);

        // PyTorch's default nn.Linear initialisation: uniform in ±1/sqrt(fan_in) for weights and biases.
        var bound = 1.0 / Math.Sqrt(inputs);
        foreach (var values in new[] { Weight.Values, Bias.Values })
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)((2.0 * random.NextDouble() - 1.0) * bound);
            }
        }
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public NamedArray Weight { get; }

    public NamedArray Bias { get; }

    public NamedArray WeightGradient { get; }

    public NamedArray BiasGradient { get; }

    public float[] Forward(float[] input, int batchSize)
    {
        _input = input;
        _batchSize = batchSize;
        var w = Weight.Values;
        var b = Bias.Values;
        var output = new float[batchSize * Outputs];
        for (var n = 0; n < batchSize; n++)
        {
            var x = input.AsSpan(n * Inputs, Inputs);
            for (var o = 0; o < Outputs; o++)
            {
                output[n * Outputs + o] = b[o] + Kernels.Dot(w.AsSpan(o * Inputs, Inputs), x);
            }
        }

        return output;
    }

    /// <summary>
    /// Returns the gradient with respect to the input and, when asked, overwrites the parameter gradients.
    /// </summary>
    public float[] Backward(float[] outputGradient, bool computeParameterGradients)
    {
        var w = Weight.Values;
        var gw = WeightGradient.Values;
        var gb = BiasGradient.Values;
        if (computeParameterGradients)
        {
            Array.Clear(gw);
            Array.Clear(gb);
        }

        var inputGradient = new float[_batchSize * Inputs];
        for (var n = 0; n < _batchSize; n++)
        {
            var x = _input.AsSpan(n * Inputs, Inputs);
            var gx = inputGradient.AsSpan(n * Inputs, Inputs);
            for (var o = 0; o < Outputs; o++)
            {
                var g = outputGradient[n * Outputs + o];
                if (computeParameterGradients)
                {
                    gb[o] += g;
                    Kernels.AddScaled(gw.AsSpan(o * Inputs, Inputs), g, x);
                }

                Kernels.AddScaled(gx, g, w.AsSpan(o * Inputs, Inputs));
            }
        }

        return inputGradient;
    }
}

namespace GanDemo.Model;

/// <summary>
/// The Adam optimizer (Kingma &amp; Ba), with bias correction as in PyTorch's <c>torch.optim.Adam</c>.
/// Its state is one first and one second moment per parameter plus the step count.
/// </summary>
public sealed class Adam
{
    private readonly IReadOnlyList<NamedArray> _parameters;
    private readonly IReadOnlyList<NamedArray> _gradients;
    private readonly NamedArray[] _firstMoments;
    private readonly NamedArray[] _secondMoments;

    /// <summary>Creates an optimizer for <paramref name="parameters"/>, reading <paramref name="gradients"/> at each step.</summary>
    /// <param name="parameters">The arrays to update in place.</param>
    /// <param name="gradients">One gradient array per parameter, same order and shapes.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="beta1">Decay of the first moment; GANs commonly use 0.5 rather than 0.9.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator for numerical safety.</param>
    public Adam(
        IReadOnlyList<NamedArray> parameters,
        IReadOnlyList<NamedArray> gradients,
        double learningRate,
        double beta1 = 0.5,
        double beta2 = 0.999,
        double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam's betas must lie in [0, 1); got {beta1} and {beta2}.");
        }

        if (parameters.Count != gradients.Count
            || parameters.Zip(gradients).Any(p => p.First.Values.Length != p.Second.Values.Length))
        {
            throw new ArgumentException("Each parameter needs exactly one gradient of the same size, in the same order.", nameof(gradients));
        }

        _parameters = parameters;
        _gradients = gradients;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _firstMoments = [.. parameters.Select(p => new NamedArray(p.Name + ".m", (int[])p.Shape.Clone()))];
        _secondMoments = [.. parameters.Select(p => new NamedArray(p.Name + ".v", (int[])p.Shape.Clone()))];
        Moments = [.. _firstMoments.Zip(_secondMoments).SelectMany(p => new[] { p.First, p.Second })];
    }

    /// <summary>The step size.</summary>
    public double LearningRate { get; }

    /// <summary>The first-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>The second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>The denominator guard.</summary>
    public double Epsilon { get; }

    /// <summary>How many updates have been applied; drives the bias correction.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// The live moment arrays in a fixed order: <c>layer0.weight.m</c>, <c>layer0.weight.v</c>,
    /// <c>layer0.bias.m</c>, … Together with <see cref="StepCount"/> they are the optimizer's whole state.
    /// </summary>
    public IReadOnlyList<NamedArray> Moments { get; }

    /// <summary>Applies one update from the current gradients.</summary>
    public void Step()
    {
        StepCount++;
        var b1 = (float)Beta1;
        var b2 = (float)Beta2;
        var stepSize = (float)(LearningRate / (1.0 - Math.Pow(Beta1, StepCount)));
        var secondCorrection = (float)Math.Sqrt(1.0 - Math.Pow(Beta2, StepCount));
        var epsilon = (float)Epsilon;
        for (var k = 0; k < _parameters.Count; k++)
        {
            var p = _parameters[k].Values;
            var g = _gradients[k].Values;
            var m = _firstMoments[k].Values;
            var v = _secondMoments[k].Values;
            for (var i = 0; i < p.Length; i++)
            {
                m[i] = b1 * m[i] + (1f - b1) * g[i];
                v[i] = b2 * v[i] + (1f - b2) * g[i] * g[i];
                p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / secondCorrection + epsilon);
            }
        }
    }

    /// <summary>Replaces the state with a saved one, matching moments by name.</summary>
    /// <exception cref="ArgumentException">A moment is missing or has the wrong shape.</exception>
    public void Restore(long stepCount, IEnumerable<NamedArray> moments)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        ArgumentNullException.ThrowIfNull(moments);
        StateNames.CopyByName(Moments, moments, "optimizer moment");
        StepCount = stepCount;
    }
}

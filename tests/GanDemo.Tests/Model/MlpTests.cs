using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class MlpTests
{
    private const int BatchSize = 4;

    [Fact]
    public void Backward_SmallNetwork_ParameterGradientsMatchFiniteDifferences()
    {
        var random = new DeterministicRandom(seed: 11);
        var mlp = new Mlp([3, 5, 4, 2], random);
        var input = RandomValues(random, BatchSize * 3);
        var lossWeights = RandomValues(random, BatchSize * 2);

        mlp.Forward(input, BatchSize);
        mlp.Backward(lossWeights);

        for (var p = 0; p < mlp.Parameters.Count; p++)
        {
            var values = mlp.Parameters[p].Values;
            for (var i = 0; i < values.Length; i++)
            {
                var numeric = CentralDifference(values, i, () => Loss(mlp, input, lossWeights));
                mlp.Gradients[p].Values[i].ShouldBe(numeric, Tolerance(numeric), $"{mlp.Parameters[p].Name}[{i}]");
            }
        }
    }

    [Fact]
    public void Backward_SmallNetwork_InputGradientMatchesFiniteDifferences()
    {
        var random = new DeterministicRandom(seed: 12);
        var mlp = new Mlp([3, 5, 4, 2], random);
        var input = RandomValues(random, BatchSize * 3);
        var lossWeights = RandomValues(random, BatchSize * 2);

        mlp.Forward(input, BatchSize);
        var inputGradient = mlp.Backward(lossWeights);

        for (var i = 0; i < input.Length; i++)
        {
            var numeric = CentralDifference(input, i, () => Loss(mlp, input, lossWeights));
            inputGradient[i].ShouldBe(numeric, Tolerance(numeric), $"input[{i}]");
        }
    }

    [Fact]
    public void Forward_HandSetWeights_AppliesLeakyReluOnHiddenLayerOnly()
    {
        var mlp = new Mlp([1, 1, 1], new DeterministicRandom(seed: 0));
        SetScalar(mlp, "layer0.weight", 2f);
        SetScalar(mlp, "layer0.bias", -1f);
        SetScalar(mlp, "layer1.weight", 3f);
        SetScalar(mlp, "layer1.bias", -4f);

        // Hidden: 2·0 − 1 = −1 → LeakyReLU → −0.2. Output (linear): 3·(−0.2) − 4 = −4.6.
        // Hidden: 2·1 − 1 = 1 → 1. Output: 3·1 − 4 = −1 (stays negative: no activation on the output).
        var output = mlp.Forward([0f, 1f], batchSize: 2);

        output[0].ShouldBe(-4.6f, tolerance: 1e-6f);
        output[1].ShouldBe(-1f, tolerance: 1e-6f);
    }

    [Fact]
    public void Parameters_ThreeLayerNetwork_AreNamedAndShapedOutputsByInputs()
    {
        var mlp = new Mlp([2, 8, 1], new DeterministicRandom(seed: 0));

        mlp.Parameters.Select(p => p.Name).ShouldBe(["layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"]);
        mlp.Parameters.Select(p => string.Join("x", p.Shape)).ShouldBe(["8x2", "8", "1x8", "1"]);
        mlp.Gradients.Select(g => g.Name).ShouldBe(mlp.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Backward_WithoutParameterGradients_LeavesGradientsAndReturnsSameInputGradient()
    {
        var random = new DeterministicRandom(seed: 13);
        var mlp = new Mlp([2, 6, 1], random);
        var input = RandomValues(random, BatchSize * 2);
        var first = RandomValues(random, BatchSize);
        var second = RandomValues(random, BatchSize);
        mlp.Forward(input, BatchSize);
        mlp.Backward(first);
        var gradientsBefore = mlp.Gradients.Select(g => (float[])g.Values.Clone()).ToList();

        var inputGradient = mlp.Backward(second, computeParameterGradients: false);

        mlp.Gradients.Select(g => g.Values).ShouldBe(gradientsBefore);
        inputGradient.ShouldBe(mlp.Backward(second));
    }

    [Fact]
    public void Forward_InputOfWrongLength_Throws()
    {
        var mlp = new Mlp([2, 4, 1], new DeterministicRandom(seed: 0));

        Should.Throw<ArgumentException>(() => mlp.Forward(new float[5], batchSize: 2));
    }

    // The loss is Σ wᵢ·yᵢ, so its gradient with respect to the outputs is exactly the weights w.
    private static double Loss(Mlp mlp, float[] input, float[] lossWeights)
    {
        var output = mlp.Forward(input, BatchSize);
        return output.Zip(lossWeights).Sum(p => (double)p.First * p.Second);
    }

    // The network is piecewise linear in each value, so the central difference is exact up to float
    // rounding of the forward pass (about 1e-7 relative, divided by 2·step) unless the step crosses a kink.
    private static float CentralDifference(float[] values, int index, Func<double> loss)
    {
        const float Step = 1e-2f;
        var original = values[index];
        values[index] = original + Step;
        var plus = loss();
        values[index] = original - Step;
        var minus = loss();
        values[index] = original;
        return (float)((plus - minus) / (2.0 * Step));
    }

    private static float Tolerance(float expected) => 1e-4f + 1e-3f * Math.Abs(expected);

    private static float[] RandomValues(DeterministicRandom random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)random.NextGaussian())];

    private static void SetScalar(Mlp mlp, string name, float value) =>
        mlp.Parameters.Single(p => p.Name == name).Values[0] = value;
}

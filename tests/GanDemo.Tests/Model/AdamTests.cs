using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class AdamTests
{
    [Fact]
    public void Step_FirstStep_MovesEachParameterByLearningRateAgainstItsGradient()
    {
        // After bias correction the first update is lr · g / (|g| + ε): a step of lr against the sign of g.
        var parameter = new NamedArray("w", [3], [1f, 1f, 1f]);
        var gradient = new NamedArray("w", [3], [0.5f, -2f, 1e-3f]);
        var adam = new Adam([parameter], [gradient], learningRate: 0.1);

        adam.Step();

        parameter.Values[0].ShouldBe(0.9f, tolerance: 1e-6f);
        parameter.Values[1].ShouldBe(1.1f, tolerance: 1e-6f);
        parameter.Values[2].ShouldBe(0.9f, tolerance: 1e-4f);
        adam.StepCount.ShouldBe(1);
    }

    [Fact]
    public void Moments_TwoParameters_AreNamedAfterThemInFixedOrder()
    {
        var adam = new Adam([new NamedArray("a", 2), new NamedArray("b", 1)], [new NamedArray("a", 2), new NamedArray("b", 1)], 0.1);

        adam.Moments.Select(m => m.Name).ShouldBe(["a.m", "a.v", "b.m", "b.v"]);
    }

    [Fact]
    public void Restore_SavedMidway_ContinuesBitIdentically()
    {
        var (straight, straightParameter, straightGradient) = Create();
        var (resumed, resumedParameter, resumedGradient) = Create();
        for (var t = 0; t < 5; t++)
        {
            StepWithGradient(straight, straightGradient, t);
            StepWithGradient(resumed, resumedGradient, t);
        }

        var savedMoments = resumed.Moments.Select(m => m.Copy()).ToList();
        var savedParameter = (float[])resumedParameter.Values.Clone();
        var (fresh, freshParameter, freshGradient) = Create();
        fresh.Restore(resumed.StepCount, savedMoments);
        savedParameter.CopyTo(freshParameter.Values, 0);
        for (var t = 5; t < 10; t++)
        {
            StepWithGradient(straight, straightGradient, t);
            StepWithGradient(fresh, freshGradient, t);
        }

        freshParameter.Values.ShouldBe(straightParameter.Values);
        fresh.Moments.Select(m => m.Values).ShouldBe(straight.Moments.Select(m => m.Values));
        fresh.StepCount.ShouldBe(10);
    }

    [Fact]
    public void Restore_MomentMissing_ThrowsNamingItAndChangesNothing()
    {
        var (adam, _, gradient) = Create();
        StepWithGradient(adam, gradient, 0);
        var before = adam.Moments.Select(m => (float[])m.Values.Clone()).ToList();

        var error = Should.Throw<ArgumentException>(() => adam.Restore(7, [new NamedArray("w.m", 4)]));

        error.Message.ShouldContain("'w.v'");
        adam.Moments.Select(m => m.Values).ShouldBe(before);
        adam.StepCount.ShouldBe(1);
    }

    [Fact]
    public void Restore_MomentWithWrongShape_ThrowsNamingBothShapes()
    {
        var (adam, _, _) = Create();

        var error = Should.Throw<ArgumentException>(() => adam.Restore(1, [new NamedArray("w.m", 5), new NamedArray("w.v", 4)]));

        error.Message.ShouldContain("[5]");
        error.Message.ShouldContain("[4]");
    }

    private static (Adam Adam, NamedArray Parameter, NamedArray Gradient) Create()
    {
        var parameter = new NamedArray("w", [4], [0.1f, -0.2f, 0.3f, -0.4f]);
        var gradient = new NamedArray("w", 4);
        return (new Adam([parameter], [gradient], learningRate: 0.01), parameter, gradient);
    }

    // A gradient that changes from step to step, so the moments matter.
    private static void StepWithGradient(Adam adam, NamedArray gradient, int t)
    {
        for (var i = 0; i < gradient.Values.Length; i++)
        {
            gradient.Values[i] = MathF.Sin(1.3f * t + i);
        }

        adam.Step();
    }
}

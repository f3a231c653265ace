namespace GanDemo.Model;

public sealed partial class GanTrainer
{
    // Evaluation and plotting draw from their own fixed streams, never the training stream: scoring or
    // plotting (or not) must not change training, and every epoch is scored on the same noise.
    private const ulong EvaluationStream = 0x5EED_0F_E7A1UL;
    private const ulong RealSampleStream = 0x5EED_0F_DA7AUL;

    /// <summary>Scores <see cref="GanOptions.EvaluationSamples"/> generated points against the data.</summary>
    public SampleQuality Evaluate() => SampleQuality.Measure(Data, SampleGenerated(Options.EvaluationSamples));

    /// <summary>
    /// Generates <paramref name="count"/> points from a fixed set of latents (the same on every call for a
    /// given seed), leaving the training state untouched.
    /// </summary>
    public Point2[] SampleGenerated(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var latents = NextLatents(new DeterministicRandom(Options.Seed ^ EvaluationStream), count);
        return Point2.FromInterleaved(Generator.Forward(latents, count));
    }

    /// <summary>Draws <paramref name="count"/> real points from a fixed stream, leaving the training state untouched.</summary>
    public Point2[] SampleReal(int count) =>
        Point2.FromInterleaved(Data.Sample(new DeterministicRandom(Options.Seed ^ RealSampleStream), count));
}

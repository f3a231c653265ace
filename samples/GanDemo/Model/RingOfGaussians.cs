namespace GanDemo.Model;

/// <summary>
/// The classic GAN toy distribution: an equal mixture of isotropic Gaussians whose centres are evenly
/// spaced on a circle. Easy to plot, and mode collapse is plain to see.
/// </summary>
public sealed class RingOfGaussians
{
    /// <summary>Creates the mixture.</summary>
    /// <param name="modeCount">Number of Gaussians on the ring.</param>
    /// <param name="radius">Distance of each centre from the origin.</param>
    /// <param name="standardDeviation">Spread of each Gaussian, per coordinate.</param>
    public RingOfGaussians(int modeCount = 8, double radius = 2.0, double standardDeviation = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modeCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(standardDeviation);
        Radius = radius;
        StandardDeviation = standardDeviation;
        Modes = [.. Enumerable.Range(0, modeCount).Select(k =>
        {
            var angle = 2.0 * Math.PI * k / modeCount;
            return new Point2(radius * Math.Cos(angle), radius * Math.Sin(angle));
        })];
    }

    /// <summary>Distance of each centre from the origin.</summary>
    public double Radius { get; }

    /// <summary>Spread of each Gaussian, per coordinate.</summary>
    public double StandardDeviation { get; }

    /// <summary>The centres, counter-clockwise from the positive x axis.</summary>
    public IReadOnlyList<Point2> Modes { get; }

    /// <summary>
    /// Draws <paramref name="count"/> points as a flat <c>[x0, y0, x1, y1, …]</c> batch.
    /// For each point it draws the mode, then the x and y noise, from <paramref name="random"/>.
    /// </summary>
    public float[] Sample(DeterministicRandom random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var points = new float[2 * count];
        for (var n = 0; n < count; n++)
        {
            var mode = Modes[random.NextInt(Modes.Count)];
            points[2 * n] = (float)(mode.X + StandardDeviation * random.NextGaussian());
            points[2 * n + 1] = (float)(mode.Y + StandardDeviation * random.NextGaussian());
        }

        return points;
    }
}

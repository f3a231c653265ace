namespace GanDemo.Model;

/// <summary>
/// How well a set of generated points matches a <see cref="RingOfGaussians"/>, in the usual terms of
/// the GAN literature (VEEGAN, Unrolled GAN): which modes are reached, and how many points are close.
/// </summary>
/// <param name="ModesCovered">Modes that received at least the minimum share of high-quality points.</param>
/// <param name="ModeCount">Modes in the mixture.</param>
/// <param name="HighQualityFraction">Share of points within the radius of their nearest mode.</param>
public sealed record SampleQuality(int ModesCovered, int ModeCount, double HighQualityFraction)
{
    /// <summary>A point is high quality within this many standard deviations of its nearest mode.</summary>
    public const double HighQualitySigmas = 3.0;

    /// <summary>
    /// A mode counts as covered when it holds at least this share of all points as high-quality points:
    /// 1% of 1,000 samples is 10, a twelfth of the 125 a perfect generator would place there, so a few
    /// stray points do not count as coverage but an under-weighted mode still does.
    /// </summary>
    public const double MinimumShareForCoverage = 0.01;

    /// <summary>Fraction of modes covered, in [0, 1].</summary>
    public double ModeCoverage => (double)ModesCovered / ModeCount;

    /// <summary>Measures <paramref name="points"/> against <paramref name="data"/>.</summary>
    public static SampleQuality Measure(RingOfGaussians data, IReadOnlyList<Point2> points)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(points);
        var radius = HighQualitySigmas * data.StandardDeviation;
        var closePoints = new int[data.Modes.Count];
        var highQuality = 0;
        foreach (var point in points)
        {
            var nearest = 0;
            for (var k = 1; k < data.Modes.Count; k++)
            {
                if (point.DistanceTo(data.Modes[k]) < point.DistanceTo(data.Modes[nearest]))
                {
                    nearest = k;
                }
            }

            if (point.DistanceTo(data.Modes[nearest]) <= radius)
            {
                closePoints[nearest]++;
                highQuality++;
            }
        }

        var needed = Math.Max(1, (int)Math.Ceiling(MinimumShareForCoverage * points.Count));
        return new SampleQuality(
            closePoints.Count(c => c >= needed),
            data.Modes.Count,
            points.Count == 0 ? 0 : (double)highQuality / points.Count);
    }
}

namespace GanDemo.Model;

/// <summary>What one epoch of <see cref="GanTrainer"/> produced.</summary>
/// <param name="Epoch">The epoch just completed, counting from 1.</param>
/// <param name="DiscriminatorLoss">Mean discriminator loss over the epoch's steps (real plus fake BCE).</param>
/// <param name="GeneratorLoss">Mean non-saturating generator loss over the epoch's steps.</param>
/// <param name="Quality">Mode coverage and sample quality measured after the epoch.</param>
public sealed record EpochMetrics(int Epoch, double DiscriminatorLoss, double GeneratorLoss, SampleQuality Quality)
{
    /// <summary>The metrics under the names the run history uses.</summary>
    public IReadOnlyDictionary<string, double> ToNamedValues() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["d_loss"] = DiscriminatorLoss,
        ["g_loss"] = GeneratorLoss,
        ["mode_coverage"] = Quality.ModeCoverage,
        ["high_quality_fraction"] = Quality.HighQualityFraction,
    };
}

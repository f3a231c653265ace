namespace GanDemo.Model;

/// <summary>The losses of one training step, each a mean over its batch.</summary>
/// <param name="DiscriminatorLoss">BCE on the real batch plus BCE on the generated batch.</param>
/// <param name="GeneratorLoss">The non-saturating loss <c>-log D(G(z))</c>.</param>
public readonly record struct StepLosses(double DiscriminatorLoss, double GeneratorLoss);

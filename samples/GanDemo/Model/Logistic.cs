namespace GanDemo.Model;

/// <summary>Numerically stable logistic functions for losses on logits.</summary>
internal static class Logistic
{
    public static double Sigmoid(double logit) =>
        logit >= 0 ? 1.0 / (1.0 + Math.Exp(-logit)) : Math.Exp(logit) / (1.0 + Math.Exp(logit));

    /// <summary>
    /// Binary cross-entropy of <c>sigmoid(logit)</c> against the label, computed as a softplus so large
    /// logits neither overflow nor lose the loss to rounding (PyTorch's BCEWithLogitsLoss).
    /// </summary>
    public static double BinaryCrossEntropy(double logit, bool isReal) => Softplus(isReal ? -logit : logit);

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1.0 + Math.Exp(-Math.Abs(x)));
}

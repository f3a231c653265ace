namespace Ratchet.Retention;

/// <summary>Which direction of a metric counts as better for a keep-best rule.</summary>
public enum MetricGoal
{
    /// <summary>Lower is better (a loss).</summary>
    Minimize,

    /// <summary>Higher is better (an accuracy).</summary>
    Maximize,
}

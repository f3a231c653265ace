namespace Ratchet.Retention;

internal sealed class KeepBestRule(string metric, MetricGoal goal, int k) : RetentionPolicy
{
    private readonly string _label = $"best {metric} ({(goal == MetricGoal.Minimize ? "min" : "max")})";

    internal override string Description => $"keep-best {k} by {metric} ({(goal == MetricGoal.Minimize ? "min" : "max")})";

    internal override void Apply(RetentionContext context)
    {
        var intact = context.Intact;
        var ranked = new List<(double Value, int Index)>();
        for (var i = 0; i < intact.Length; i++)
        {
            if (!intact[i].Metrics.TryGetValue(metric, out var value))
            {
                context.Note(i, $"no {metric} metric: not ranked by {_label}");
            }
            else if (double.IsNaN(value))
            {
                context.Note(i, $"{metric} is NaN: not ranked by {_label}");
            }
            else
            {
                ranked.Add((value, i));
            }
        }

        // On equal values the newer checkpoint wins: it carries more training for the same score.
        var sign = goal == MetricGoal.Minimize ? 1 : -1;
        ranked.Sort((a, b) => a.Value != b.Value ? sign * a.Value.CompareTo(b.Value) : b.Index.CompareTo(a.Index));

        for (var rank = 0; rank < Math.Min(k, ranked.Count); rank++)
        {
            context.Keep(ranked[rank].Index, $"{_label} #{rank + 1} of {k}");
        }
    }
}

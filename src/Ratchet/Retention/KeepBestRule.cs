namespace Ratchet.Retention;

internal sealed class KeepBestRule(string metric, MetricGoal goal, int k) : RetentionPolicy
{
    private readonly string _label = $"best {metric} ({(goal == MetricGoal.Minimize ? "min" : "max")})";

    internal override string Description => $"keep-best {k} by {metric} ({(goal == MetricGoal.Minimize ? "min" : "max")})";

    internal override void Apply(RetentionContext context)
    {
        // The k best seen so far, worst on top: each candidate costs O(log k) instead of sorting them all.
        var best = new PriorityQueue<int, (double Value, int Index)>(k + 1, Comparer<(double Value, int Index)>.Create(Better));
        var intact = context.Intact;
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
            else if (best.Count < k)
            {
                best.Enqueue(i, (value, i));
            }
            else
            {
                best.EnqueueDequeue(i, (value, i));
            }
        }

        // The queue yields the worst first, so ranks count down.
        for (var rank = best.Count; rank >= 1; rank--)
        {
            context.Keep(best.Dequeue(), $"{_label} #{rank} of {k}");
        }
    }

    /// <summary>Positive when <paramref name="a"/> ranks above <paramref name="b"/>. On equal values the newer
    /// checkpoint wins: it carries more training for the same score.</summary>
    private int Better((double Value, int Index) a, (double Value, int Index) b)
    {
        var byValue = goal == MetricGoal.Minimize ? b.Value.CompareTo(a.Value) : a.Value.CompareTo(b.Value);
        return byValue != 0 ? byValue : a.Index.CompareTo(b.Index);
    }
}

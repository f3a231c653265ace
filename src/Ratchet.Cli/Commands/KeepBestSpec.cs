using System.Globalization;
using Ratchet.Retention;

namespace Ratchet.Cli.Commands;

/// <summary>A <c>--keep-best METRIC:min|max:K</c> value, such as <c>loss:min:3</c>.</summary>
/// <param name="Metric">The metric's name as saved with each checkpoint.</param>
/// <param name="Goal">Whether lower or higher is better.</param>
/// <param name="Count">How many of the best to keep (at least 1).</param>
internal sealed record KeepBestSpec(string Metric, MetricGoal Goal, int Count)
{
    /// <summary>How the value is spelled, for help and errors.</summary>
    public const string Syntax = "METRIC:min|max:K";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says which part is wrong.</summary>
    public static bool TryParse(string text, out KeepBestSpec? spec, out string? problem)
    {
        spec = null;

        // Split from the right, so a metric name may itself contain ':' (as "val:loss" does in some loggers).
        int countAt = text.LastIndexOf(':');
        int goalAt = countAt > 0 ? text.LastIndexOf(':', countAt - 1) : -1;
        if (goalAt < 0)
        {
            problem = "it needs three parts separated by ':'";
            return false;
        }

        string metric = text[..goalAt];
        string goal = text[(goalAt + 1)..countAt];
        string count = text[(countAt + 1)..];
        problem = string.IsNullOrWhiteSpace(metric) ? "the metric name is empty"
            : goal is not ("min" or "max") ? $"the goal is '{goal}', not min or max"
            : !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1 ? $"K is '{count}', not a whole number of at least 1"
            : null;
        if (problem is not null)
        {
            return false;
        }

        spec = new KeepBestSpec(metric, goal == "min" ? MetricGoal.Minimize : MetricGoal.Maximize, int.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }
}

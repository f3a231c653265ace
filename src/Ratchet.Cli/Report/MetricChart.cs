using System.Globalization;
using System.Net;
using System.Text;
using Ratchet.History;

namespace Ratchet.Cli.Report;

/// <summary>One metric's chart as inline SVG: a line through every history record's value, one marker per record with
/// its step, time and value as a hover title, a dashed line at each step a session resumed from, and the axis ranges. The page's script redraws it for smoothing and the
/// time axis from the same data.</summary>
internal static class MetricChart
{
    public const int Width = 760;
    public const int Height = 240;
    private const int Margin = 44;

    public static string Render(string metric, IReadOnlyList<HistoryRecord> records, IReadOnlyList<long> resumedAt, int index)
    {
        var points = records.Where(record => record.Metrics.ContainsKey(metric))
            .Select(record => (record.Step, record.Time, Value: record.Metrics[metric])).Where(point => double.IsFinite(point.Value)).ToList();
        double minX = points.Count > 0 ? points.Min(point => point.Step) : 0, maxX = points.Count > 0 ? points.Max(point => point.Step) : 1;
        double minY = points.Count > 0 ? points.Min(point => point.Value) : 0, maxY = points.Count > 0 ? points.Max(point => point.Value) : 1;
        double X(double step) => Margin + ((step - minX) / Math.Max(1e-12, maxX - minX) * (Width - (2 * Margin)));
        double Y(double value) => Height - Margin - ((value - minY) / Math.Max(1e-12, maxY - minY) * (Height - (2 * Margin)));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"chart-{index}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Margin}\" y=\"{Margin / 2}\" width=\"{Width - (2 * Margin)}\" height=\"{Height - (1.5 * Margin):F0}\" class=\"frame\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Margin / 2 + 10}\" class=\"axis\">{Number(maxY)}</text><text x=\"4\" y=\"{Height - Margin}\" class=\"axis\">{Number(minY)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"{Height - 8}\" class=\"axis x-min\">{Number(minX)}</text><text x=\"{Width - Margin}\" y=\"{Height - 8}\" class=\"axis x-max\" text-anchor=\"end\">{Number(maxX)}</text>");
        foreach (long step in resumedAt.Where(step => points.Count > 0 && step >= minX && step <= maxX))
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"resume\" x1=\"{X(step):F1}\" x2=\"{X(step):F1}\" y1=\"{Margin / 2}\" y2=\"{Height - Margin}\"><title>resumed from step {step}</title></line>");
        }

        svg.Append("<path class=\"line\" d=\"");
        for (int i = 0; i < points.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : " L")}{X(points[i].Step):F1},{Y(points[i].Value):F1}");
        }

        svg.Append("\"/>");
        svg.Append("<g class=\"points\">");
        foreach (var point in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(point.Step):F1}\" cy=\"{Y(point.Value):F1}\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"</g><text class=\"tip\" x=\"{Margin + 4}\" y=\"{Margin / 2 + 14}\"></text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Number(double value) => WebUtility.HtmlEncode(value.ToString("G5", CultureInfo.InvariantCulture));
}

using System.Globalization;
using System.Security;
using System.Text;

namespace GanDemo.Model;

/// <summary>
/// Renders real and generated points as a self-contained SVG scatter plot: a square axes box with
/// integer ticks, the two point sets in two colours, a legend and a title.
/// </summary>
public static class SvgPlot
{
    private const int Size = 480;
    private const int Margin = 40;
    private const string RealColour = "#1f77b4";
    private const string GeneratedColour = "#ff7f0e";

    /// <summary>Returns the SVG document as a string.</summary>
    /// <param name="real">Samples from the data distribution.</param>
    /// <param name="generated">Samples from the generator.</param>
    /// <param name="title">Shown above the plot, e.g. <c>epoch 30 — 8/8 modes</c>.</param>
    /// <param name="extent">The plot shows [-extent, extent] on both axes; points outside are left out.</param>
    public static string Render(IReadOnlyList<Point2> real, IReadOnlyList<Point2> generated, string title, double extent = 3.0)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extent);

        var svg = new StringBuilder();
        Append(svg, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Size}" height="{Size}" viewBox="0 0 {Size} {Size}" font-family="sans-serif" font-size="12">""");
        Append(svg, $"""<rect width="{Size}" height="{Size}" fill="white"/>""");
        Append(svg, $"""<text x="{Size / 2}" y="{Margin / 2 + 4}" text-anchor="middle" font-size="14">{SecurityElement.Escape(title)}</text>""");
        AppendAxes(svg, extent);
        AppendPoints(svg, real, RealColour, extent);
        AppendPoints(svg, generated, GeneratedColour, extent);
        AppendLegend(svg);
        Append(svg, "</svg>");
        return svg.ToString();
    }

    private static void AppendAxes(StringBuilder svg, double extent)
    {
        var side = Size - 2 * Margin;
        Append(svg, $"""<rect x="{Margin}" y="{Margin}" width="{side}" height="{side}" fill="none" stroke="black"/>""");
        for (var tick = (int)Math.Ceiling(-extent); tick <= extent; tick++)
        {
            var x = ToPixelX(tick, extent);
            var y = ToPixelY(tick, extent);
            Append(svg, $"""<line x1="{F(x)}" y1="{Size - Margin}" x2="{F(x)}" y2="{Size - Margin + 5}" stroke="black"/>""");
            Append(svg, $"""<text x="{F(x)}" y="{Size - Margin + 18}" text-anchor="middle">{F(tick)}</text>""");
            Append(svg, $"""<line x1="{Margin - 5}" y1="{F(y)}" x2="{Margin}" y2="{F(y)}" stroke="black"/>""");
            Append(svg, $"""<text x="{Margin - 8}" y="{F(y + 4)}" text-anchor="end">{F(tick)}</text>""");
        }
    }

    private static void AppendPoints(StringBuilder svg, IReadOnlyList<Point2> points, string colour, double extent)
    {
        Append(svg, $"""<g fill="{colour}" fill-opacity="0.5">""");
        foreach (var point in points)
        {
            if (Math.Abs(point.X) <= extent && Math.Abs(point.Y) <= extent)
            {
                Append(svg, $"""<circle cx="{F(ToPixelX(point.X, extent))}" cy="{F(ToPixelY(point.Y, extent))}" r="2"/>""");
            }
        }

        Append(svg, "</g>");
    }

    private static void AppendLegend(StringBuilder svg)
    {
        var x = Size - Margin - 100;
        var y = Margin + 8;
        Append(svg, $"""<rect x="{x}" y="{y}" width="92" height="40" fill="white" stroke="#999"/>""");
        Append(svg, $"""<circle cx="{x + 12}" cy="{y + 13}" r="4" fill="{RealColour}"/>""");
        Append(svg, $"""<text x="{x + 22}" y="{y + 17}">real</text>""");
        Append(svg, $"""<circle cx="{x + 12}" cy="{y + 29}" r="4" fill="{GeneratedColour}"/>""");
        Append(svg, $"""<text x="{x + 22}" y="{y + 33}">generated</text>""");
    }

    private static double ToPixelX(double x, double extent) => Margin + (x + extent) / (2 * extent) * (Size - 2 * Margin);

    // SVG's y axis points down; the plot's points up.
    private static double ToPixelY(double y, double extent) => Margin + (extent - y) / (2 * extent) * (Size - 2 * Margin);

    // Invariant culture: a German locale must not turn "12.5" into "12,5" inside the markup.
    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder svg, string line) => svg.Append(line).Append('\n');
}

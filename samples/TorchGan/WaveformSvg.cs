using System.Globalization;
using System.Text;

namespace TorchGan;

/// <summary>A picture of a real clip above a generated one, as two waveforms in one SVG file.</summary>
public static class WaveformSvg
{
    public static string Render(float[] real, float[] generated, string title)
    {
        const int width = 900, rowHeight = 180;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{(2 * rowHeight) + 40}\" font-family=\"sans-serif\" font-size=\"13\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"100%\" height=\"100%\" fill=\"white\"/><text x=\"10\" y=\"20\">{System.Security.SecurityElement.Escape(title)}</text>");
        Row(svg, real, "real", "#1f77b4", 30, width, rowHeight);
        Row(svg, generated, "generated", "#d62728", 30 + rowHeight, width, rowHeight);
        return svg.Append("</svg>").ToString();
    }

    private static void Row(StringBuilder svg, float[] samples, string label, string colour, int top, int width, int height)
    {
        double middle = top + (height / 2.0);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{top + 15}\">{label}</text><line x1=\"0\" x2=\"{width}\" y1=\"{middle:F1}\" y2=\"{middle:F1}\" stroke=\"#ccc\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1\" points=\"");
        for (int i = 0; i < samples.Length; i++)
        {
            double x = (double)i * width / Math.Max(1, samples.Length - 1);
            double y = middle - (Math.Clamp(samples[i], -1f, 1f) * (height / 2.0 - 10));
            svg.Append(CultureInfo.InvariantCulture, $"{x:F1},{y:F1} ");
        }

        svg.Append("\"/>");
    }
}

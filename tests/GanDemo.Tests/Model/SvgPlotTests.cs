using System.Globalization;
using System.Xml.Linq;
using GanDemo.Model;

namespace GanDemo.Tests.Model;

public sealed class SvgPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Render_TwoPointSets_DrawsOneCirclePerPointInEachColour()
    {
        Point2[] real = [new(2, 0), new(0, 2), new(-2, 0)];
        Point2[] generated = [new(1.5, 0.5), new(0.1, -0.1)];

        var document = XDocument.Parse(SvgPlot.Render(real, generated, "epoch 1"));

        var groups = document.Root!.Elements(Svg + "g").ToList();
        groups.Count.ShouldBe(2);
        groups[0].Elements(Svg + "circle").Count().ShouldBe(3);
        groups[1].Elements(Svg + "circle").Count().ShouldBe(2);
        groups[0].Attribute("fill")!.Value.ShouldNotBe(groups[1].Attribute("fill")!.Value);
    }

    [Fact]
    public void Render_Title_AppearsEscapedInWellFormedDocument()
    {
        var svg = SvgPlot.Render([], [], "G < D & 8/8 modes");

        var texts = XDocument.Parse(svg).Descendants(Svg + "text").Select(t => t.Value).ToList();

        texts.ShouldContain("G < D & 8/8 modes");
        texts.ShouldContain("real");
        texts.ShouldContain("generated");
    }

    [Fact]
    public void Render_PointOutsideExtent_IsLeftOut()
    {
        var document = XDocument.Parse(SvgPlot.Render([new(0, 0), new(5, 0)], [], "t", extent: 3));

        document.Root!.Elements(Svg + "g").First().Elements(Svg + "circle").Count().ShouldBe(1);
    }

    [Fact]
    public void Render_PointsAtCorners_MapToAxesBoxCornersWithYUp()
    {
        var document = XDocument.Parse(SvgPlot.Render([new(-3, 3)], [new(3, -3)], "t", extent: 3));

        var circles = document.Root!.Elements(Svg + "g").Select(g => g.Elements(Svg + "circle").Single()).ToList();
        var box = document.Root!.Elements(Svg + "rect").Single(r => r.Attribute("stroke")?.Value == "black");
        var left = double.Parse(box.Attribute("x")!.Value, CultureInfo.InvariantCulture);
        var top = double.Parse(box.Attribute("y")!.Value, CultureInfo.InvariantCulture);
        var side = double.Parse(box.Attribute("width")!.Value, CultureInfo.InvariantCulture);

        circles[0].Attribute("cx")!.Value.ShouldBe(left.ToString(CultureInfo.InvariantCulture));
        circles[0].Attribute("cy")!.Value.ShouldBe(top.ToString(CultureInfo.InvariantCulture));
        circles[1].Attribute("cx")!.Value.ShouldBe((left + side).ToString(CultureInfo.InvariantCulture));
        circles[1].Attribute("cy")!.Value.ShouldBe((top + side).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Render_UnderCommaDecimalCulture_WritesPointDecimals()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            var svg = SvgPlot.Render([new(0.123, -1.777)], [], "t");

            svg.ShouldNotContain(",");
            XDocument.Parse(svg).ShouldNotBeNull();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}

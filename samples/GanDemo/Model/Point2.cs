namespace GanDemo.Model;

/// <summary>A point in the plane.</summary>
public readonly record struct Point2(double X, double Y)
{
    /// <summary>Reads a flat <c>[x0, y0, x1, y1, …]</c> batch as points.</summary>
    public static Point2[] FromInterleaved(float[] coordinates)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        var points = new Point2[coordinates.Length / 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Point2(coordinates[2 * i], coordinates[2 * i + 1]);
        }

        return points;
    }

    /// <summary>Euclidean distance to <paramref name="other"/>.</summary>
    public double DistanceTo(Point2 other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));
}

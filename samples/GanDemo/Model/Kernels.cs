namespace GanDemo.Model;

/// <summary>
/// The two inner loops of the dense layers, in plain scalar <see cref="float"/> arithmetic.
/// </summary>
/// <remarks>
/// No SIMD and no fused multiply-add: both would make the rounding depend on the processor, and a run
/// resumed on another machine would drift. The summation order is fixed, so results are bit-identical
/// wherever the same .NET runs.
/// </remarks>
internal static class Kernels
{
    /// <summary>Returns the dot product of two equally long spans.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        b = b[..a.Length];

        // Four running sums instead of one: a single sum waits on the previous addition every time,
        // which makes this loop several times slower. The order is still fixed.
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i <= a.Length - 4; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }

        for (; i < a.Length; i++)
        {
            s0 += a[i] * b[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>Adds <paramref name="scale"/> × <paramref name="source"/> to <paramref name="target"/> element-wise.</summary>
    public static void AddScaled(Span<float> target, float scale, ReadOnlySpan<float> source)
    {
        source = source[..target.Length];
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += scale * source[i];
        }
    }
}

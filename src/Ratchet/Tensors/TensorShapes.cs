namespace Ratchet.Tensors;

/// <summary>Size arithmetic shared by the writer's argument checks and the reader's header checks.</summary>
internal static class TensorShapes
{
    /// <summary>Bytes needed for <paramref name="shape"/> of <paramref name="dtype"/>; false when that overflows a
    /// 64-bit count. Dimensions must already be known to be non-negative.</summary>
    public static bool TryGetByteLength(TensorDType dtype, IReadOnlyList<long> shape, out long byteLength)
    {
        byteLength = dtype.ElementSize();
        foreach (long dimension in shape)
        {
            // Checked step by step, as the reference implementation does: an intermediate product that
            // overflows is rejected even if a later zero dimension would have made the tensor empty.
            if (dimension != 0 && byteLength > long.MaxValue / dimension)
            {
                return false;
            }

            byteLength *= dimension;
        }

        return true;
    }
}

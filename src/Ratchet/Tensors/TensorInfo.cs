namespace Ratchet.Tensors;

/// <summary>
/// One tensor as a safetensors header describes it. <see cref="Begin"/> and <see cref="End"/> are byte
/// offsets into the data section (which starts right after the header), end exclusive.
/// </summary>
/// <param name="Name">The tensor's name, unique within its file.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The size of each dimension; empty for a scalar.</param>
/// <param name="Begin">Offset of the first byte in the data section.</param>
/// <param name="End">Offset just past the last byte in the data section.</param>
public sealed record TensorInfo(string Name, TensorDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>The number of bytes the tensor occupies: <c>End - Begin</c>.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => checked(product * dimension));

    /// <summary>Equal when every member is equal, comparing <see cref="Shape"/> element by element.</summary>
    public bool Equals(TensorInfo? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && DType == other.DType
        && Begin == other.Begin
        && End == other.End
        && Shape.SequenceEqual(other.Shape);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, DType, Shape.Count, Begin, End);
}

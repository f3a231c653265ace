namespace Ratchet.Tensors;

/// <summary>
/// Reads a safetensors file from a stream into memory, with the same validation as
/// <see cref="SafetensorsFile.Open"/>: nothing is returned unless the whole input is valid.
/// </summary>
public static class SafetensorsReader
{
    /// <summary>
    /// Reads and validates a safetensors file from <paramref name="source"/>'s current position, copying every
    /// tensor into its own array. Memory use is bounded by the bytes actually present, whatever the header claims.
    /// </summary>
    /// <param name="source">The stream; it is read sequentially and not closed.</param>
    /// <param name="length">The file's length in bytes. When omitted, a seekable stream's remaining length is used;
    /// for any other stream the data must end exactly where the last tensor does.</param>
    /// <param name="sourceName">A name for error messages, such as the file's path; a <see cref="FileStream"/>'s own
    /// name is used when omitted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="SafetensorsFormatException">The input breaks a rule of the format.</exception>
    /// <exception cref="NotSupportedException">A tensor is larger than one array can hold (about 2 GiB); use
    /// <see cref="SafetensorsFile.Open"/> for such files.</exception>
    public static async Task<TensorSet> ReadAsync(
        Stream source, long? length = null, string? sourceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A length cannot be negative.");
        }

        length ??= source.CanSeek ? Math.Max(0, source.Length - source.Position) : null;
        sourceName ??= (source as FileStream)?.Name;
        if (length < HeaderBuilder.LengthFieldSize)
        {
            throw FormatErrors.File(sourceName, $"it ends after {length} bytes, shorter than the 8-byte header length field");
        }

        var input = new BoundedInput(source, sourceName);

        byte[] lengthField = await input.ReadAsync(HeaderBuilder.LengthFieldSize, preallocate: true, cancellationToken).ConfigureAwait(false)
            ?? throw FormatErrors.File(sourceName, $"it ends after {input.Position} bytes, shorter than the 8-byte header length field");
        long headerLength = ParsedHeader.ReadHeaderLength(lengthField, length, sourceName);
        byte[] json = await input.ReadAsync(headerLength, preallocate: length is not null, cancellationToken).ConfigureAwait(false)
            ?? throw FormatErrors.File(sourceName, $"its header length field says {headerLength} bytes, but only {input.Position - HeaderBuilder.LengthFieldSize} bytes follow the field");
        ParsedHeader header = HeaderParser.Parse(json, sourceName);
        if (length is { } total)
        {
            header.CheckDataSection(total - header.DataStart, sourceName);
        }

        var tensors = new TensorSet();
        foreach (var (key, value) in header.Metadata)
        {
            tensors.Metadata.Add(key, value);
        }

        foreach (TensorInfo tensor in header.Tensors)
        {
            byte[] data = await input.ReadAsync(tensor.ByteLength, preallocate: length is not null, cancellationToken).ConfigureAwait(false)
                ?? throw FormatErrors.Tensor(sourceName, tensor.Name,
                    $"the data ends after {input.Position - header.DataStart - tensor.Begin} of its {tensor.ByteLength} bytes; the file is truncated");
            tensors.AddValidated(tensor, data);
        }

        if (length is null && await input.HasMoreAsync(cancellationToken).ConfigureAwait(false))
        {
            throw FormatErrors.File(sourceName, $"more bytes follow the end of its last tensor at offset {header.DataStart + header.DataLength}; they belong to no tensor");
        }

        return tensors;
    }
}

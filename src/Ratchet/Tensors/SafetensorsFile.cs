using Microsoft.Win32.SafeHandles;

namespace Ratchet.Tensors;

/// <summary>
/// A safetensors file opened for zero-copy reading: the header is read and fully validated by
/// <see cref="Open"/>, then tensor data is served as read-only spans straight from a memory map.
/// Spans must not be used after <see cref="Dispose"/>, and the file must not be shortened while it is open
/// (the operating system faults on access to a mapped page that no longer exists).
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly ParsedHeader _header;
    private readonly MappedData? _data;
    private bool _disposed;

    private SafetensorsFile(string path, ParsedHeader header, MappedData? data)
    {
        Path = path;
        _header = header;
        _data = data;
    }

    /// <summary>The path the file was opened from.</summary>
    public string Path { get; }

    /// <summary>The tensors in the order their data appears in the file.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _header.Tensors;

    /// <summary>The header's <c>__metadata__</c> map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>The offset in the file where the data section (and the first tensor) starts.</summary>
    public long DataStart => _header.DataStart;

    /// <summary>Opens and validates a safetensors file. Nothing but the header is read from disk here.</summary>
    /// <exception cref="SafetensorsFormatException">The file breaks a rule of the format; the message names the rule
    /// and, where one is at fault, the tensor.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        if (length < HeaderBuilder.LengthFieldSize)
        {
            throw FormatErrors.File(path, $"it ends after {length} bytes, shorter than the 8-byte header length field");
        }

        Span<byte> lengthField = stackalloc byte[HeaderBuilder.LengthFieldSize];
        ReadExactly(handle, lengthField, 0, path);
        long headerLength = ParsedHeader.ReadHeaderLength(lengthField, length, path);
        byte[] json = GC.AllocateUninitializedArray<byte>((int)headerLength);
        ReadExactly(handle, json, HeaderBuilder.LengthFieldSize, path);
        ParsedHeader header = HeaderParser.Parse(json, path);
        header.CheckDataSection(length - header.DataStart, path);
        MappedData? data = header.DataLength == 0 ? null : MappedData.Map(handle, length);
        return new SafetensorsFile(path, header, data);
    }

    /// <summary>Finds a tensor's description by name.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TensorInfo? tensor) =>
        _header.TryGet(name, out tensor);

    /// <summary>The elements of tensor <paramref name="name"/>, without copying (see <see cref="TensorDTypes.CanView{T}"/>).</summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the dtype, the tensor is not aligned
    /// for it, or it is larger than a span can hold (2 GiB; read it in ranges with <see cref="GetBytes(string, long, int)"/>).</exception>
    /// <exception cref="SafetensorsFormatException">A <see cref="TensorDType.Bool"/> element is neither 0 nor 1.</exception>
    public ReadOnlySpan<T> GetSpan<T>(string name)
        where T : unmanaged
    {
        TensorInfo tensor = Find(name);
        return TypedView.Cast<T>(Slice(tensor, 0, WholeLength(tensor)), tensor.DType, tensor.Name, Path);
    }

    /// <summary>The raw little-endian bytes of tensor <paramref name="name"/>, without copying.</summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor.</exception>
    /// <exception cref="InvalidOperationException">The tensor is larger than a span can hold (2 GiB).</exception>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        TensorInfo tensor = Find(name);
        return Slice(tensor, 0, WholeLength(tensor));
    }

    /// <summary><paramref name="length"/> raw bytes of tensor <paramref name="name"/> from byte <paramref name="start"/>
    /// of the tensor, without copying; for tensors too large for one span.</summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the tensor.</exception>
    public ReadOnlySpan<byte> GetBytes(string name, long start, int length)
    {
        TensorInfo tensor = Find(name);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, tensor.ByteLength - length);
        return Slice(tensor, start, length);
    }

    /// <summary>Unmaps the file. Spans obtained earlier must not be used afterwards.</summary>
    public void Dispose()
    {
        _disposed = true;
        _data?.Dispose();
    }

    private TensorInfo Find(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _header.TryGet(name, out TensorInfo? tensor)
            ? tensor
            : throw new KeyNotFoundException($"'{Path}' has no tensor named '{FormatErrors.Quote(name)}'.");
    }

    private ReadOnlySpan<byte> Slice(TensorInfo tensor, long start, int length) =>
        length == 0 ? [] : _data!.Slice(_header.DataStart + tensor.Begin + start, length);

    private static int WholeLength(TensorInfo tensor) =>
        tensor.ByteLength <= int.MaxValue
            ? (int)tensor.ByteLength
            : throw new InvalidOperationException(
                $"Tensor '{FormatErrors.Quote(tensor.Name)}' is {tensor.ByteLength} bytes, more than one span can hold; read it in ranges with GetBytes(name, start, length).");

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw FormatErrors.File(path, "it ended while its header was being read (was it truncated while opening?)");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}

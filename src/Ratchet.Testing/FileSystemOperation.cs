namespace Ratchet.Testing;

/// <summary>One call through the file-system seam, as logged by <see cref="CrashSimulatingFileSystem"/>
/// and <see cref="FaultInjectingFileSystem"/>.</summary>
/// <param name="Index">1 for the first mutating or syncing operation, 2 for the next, and so on; 0 for a
/// read, which is not numbered. Both file systems number the same calls the same way, whatever their
/// outcome, so an index found in one run names the same call in the next.</param>
/// <param name="Kind">What was called.</param>
/// <param name="Path">The path as the caller passed it; for an operation on an open file, the path it was
/// opened with.</param>
/// <param name="Destination">The destination of a rename; null otherwise.</param>
/// <param name="Length">The byte count of a write or the new length of a truncation; 0 otherwise.</param>
public sealed record FileSystemOperation(int Index, FileSystemOperationKind Kind, string Path, string? Destination = null, long Length = 0)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FileSystemOperationKind.Rename => $"#{Index} Rename {Path} -> {Destination}",
        FileSystemOperationKind.Write => $"#{Index} Write {Length} bytes to {Path}",
        FileSystemOperationKind.Truncate => $"#{Index} Truncate {Path} to {Length} bytes",
        _ => $"#{Index} {Kind} {Path}",
    };
}

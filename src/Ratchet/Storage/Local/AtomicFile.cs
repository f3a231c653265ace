namespace Ratchet.Storage.Local;

/// <summary>Replaces a small file atomically: write a temporary file in the same directory, fsync it, rename it
/// over the target, fsync the directory. A crash leaves either the old or the new content, never a mix.</summary>
internal static class AtomicFile
{
    public const string TemporarySuffix = ".tmp-";

    public static async Task WriteAsync(IFileSystem fileSystem, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        string directory = Path.GetDirectoryName(path)!;
        string temporary = $"{path}{TemporarySuffix}{Guid.NewGuid():N}";
        try
        {
            using (var file = fileSystem.CreateFile(temporary))
            {
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                file.Sync();
            }

            fileSystem.Rename(temporary, path, replace: true);
        }
        catch
        {
            if (fileSystem.GetEntry(temporary) is not null)
            {
                fileSystem.DeleteFile(temporary);
            }

            throw;
        }

        fileSystem.SyncDirectory(directory);
    }

    public static async Task<byte[]?> ReadAllAsync(IFileSystem fileSystem, string path, long maxLength, CancellationToken cancellationToken)
    {
        var entry = fileSystem.GetEntry(path);
        if (entry is null)
        {
            return null;
        }

        if (entry.Kind != FileSystemEntryKind.File || entry.Length > maxLength)
        {
            throw new RatchetFormatException(entry.Kind != FileSystemEntryKind.File
                ? $"'{path}' is not a regular file. Move it away; Ratchet will not follow links or read special files."
                : $"'{path}' is {entry.Length} bytes, more than the {maxLength} such a file can hold. It is not a file Ratchet wrote; move it away.");
        }

        var stream = fileSystem.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            byte[] bytes = new byte[entry.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }
}

namespace Ratchet.Storage.Local;

public sealed partial class LocalRunStore
{
    /// <inheritdoc/>
    public Task<byte[]?> ReadFileAsync(string name, long maxLength, CancellationToken cancellationToken) =>
        AtomicFile.ReadAllAsync(_fileSystem, Path.Combine(Root, name), maxLength, cancellationToken);

    /// <inheritdoc/>
    public Task<Stream?> OpenFileAsync(string name, long offset, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Root, name);
        if (_fileSystem.GetEntry(path) is null)
        {
            return Task.FromResult<Stream?>(null);
        }

        var stream = _fileSystem.OpenRead(path);
        stream.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream?>(stream);
    }

    /// <inheritdoc/>
    public Task<long?> GetFileLengthAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_fileSystem.GetEntry(Path.Combine(Root, name))?.Length);

    /// <inheritdoc/>
    public async Task ReplaceFileAsync(string name, ReadOnlyMemory<byte> content, bool durable, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Root, name);
        if (durable)
        {
            await AtomicFile.WriteAsync(_fileSystem, path, content, cancellationToken).ConfigureAwait(false);
        }
        else if (IsMachineFileSystem)
        {
            // Informational files are not worth an fsync per save, and are not part of what a crash simulation checks.
            string temporary = $"{path}{AtomicFile.TemporarySuffix}{Guid.NewGuid():N}";
            await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <inheritdoc/>
    public async Task AppendFileAsync(string name, long? at, IReadOnlyList<ReadOnlyMemory<byte>> chunks, bool durable, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Root, name);
        if (!durable)
        {
            if (IsMachineFileSystem)
            {
                var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                await using (stream.ConfigureAwait(false))
                {
                    foreach (var chunk in chunks)
                    {
                        await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return;
        }

        bool creating = _fileSystem.GetEntry(path) is null;
        using (var file = _fileSystem.OpenAppend(path))
        {
            if (at is { } length && file.Length > length)
            {
                file.Truncate(length); // drops the remains of an append that failed in this process
            }

            foreach (var chunk in chunks)
            {
                await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }

            file.Sync();
        }

        if (creating)
        {
            // A new file's entry is lost at power loss until its directory is synced.
            _fileSystem.SyncDirectory(Root);
        }
    }

    /// <inheritdoc/>
    public Task TruncateFileAsync(string name, long length, CancellationToken cancellationToken)
    {
        using var file = _fileSystem.OpenAppend(Path.Combine(Root, name));
        file.Truncate(length);
        file.Sync();
        return Task.CompletedTask;
    }

    /// <summary>Removes the temporary files of an interrupted atomic replace (<c>run.json</c>, <c>pins.json</c>).</summary>
    internal IReadOnlyList<string> SweepTemporaryFiles(IReadOnlyList<string> names)
    {
        var removed = new List<string>();
        foreach (var entry in _fileSystem.List(Root).Where(entry => entry.Kind == FileSystemEntryKind.File
            && entry.Name.Contains(AtomicFile.TemporarySuffix, StringComparison.Ordinal)
            && names.Any(name => entry.Name.StartsWith(name, StringComparison.Ordinal))))
        {
            _fileSystem.DeleteFile(Path.Combine(Root, entry.Name));
            removed.Add(entry.Name);
        }

        return removed;
    }
}

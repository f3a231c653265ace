using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Testing;

public sealed partial class FaultInjectingFileSystem
{
    /// <inheritdoc />
    public IWritableFile CreateFile(string path)
    {
        ThrowIfFaulted(FileSystemOperationKind.CreateFile, path);
        return new FaultInjectingWritableFile(this, _inner.CreateFile(path), path);
    }

    /// <inheritdoc />
    public IWritableFile OpenAppend(string path)
    {
        ThrowIfFaulted(FileSystemOperationKind.OpenAppend, path);
        return new FaultInjectingWritableFile(this, _inner.OpenAppend(path), path);
    }

    /// <inheritdoc />
    public Stream OpenRead(string path)
    {
        ThrowIfFaulted(FileSystemOperationKind.OpenRead, path);
        return _inner.OpenRead(path);
    }

    /// <inheritdoc />
    public FileSystemEntry? GetEntry(string path) => _inner.GetEntry(path);

    /// <inheritdoc />
    public IReadOnlyList<FileSystemEntry> List(string directory) => _inner.List(directory);

    /// <inheritdoc />
    public void CreateDirectory(string path)
    {
        ThrowIfFaulted(FileSystemOperationKind.CreateDirectory, path);
        _inner.CreateDirectory(path);
    }

    /// <inheritdoc />
    public void Rename(string source, string destination, bool replace = false)
    {
        ThrowIfFaulted(FileSystemOperationKind.Rename, source, destination);
        _inner.Rename(source, destination, replace);
    }

    /// <inheritdoc />
    public void DeleteFile(string path)
    {
        ThrowIfFaulted(FileSystemOperationKind.DeleteFile, path);
        _inner.DeleteFile(path);
    }

    /// <inheritdoc />
    public void DeleteDirectory(string path)
    {
        ThrowIfFaulted(FileSystemOperationKind.DeleteDirectory, path);
        _inner.DeleteDirectory(path);
    }

    /// <inheritdoc />
    public void SyncDirectory(string path)
    {
        ThrowIfFaulted(FileSystemOperationKind.SyncDirectory, path);
        _inner.SyncDirectory(path);
    }

    /// <inheritdoc />
    public long GetAvailableSpace(string path) => _inner.GetAvailableSpace(path);

    private void ThrowIfFaulted(FileSystemOperationKind kind, string path, string? destination = null)
    {
        if (Intercept(kind, path, destination) is { } fault)
        {
            throw fault;
        }
    }
}

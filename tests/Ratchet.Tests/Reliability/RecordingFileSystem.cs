using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Tests.Reliability;

/// <summary>Passes every call to the real file system and records each path it was given, so a test can show that
/// nothing outside a run was touched.</summary>
internal sealed class RecordingFileSystem : IFileSystem
{
    private readonly LocalFileSystem _inner = LocalFileSystem.Instance;
    private readonly List<(string Call, string Path)> _calls = [];

    public IReadOnlyList<(string Call, string Path)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public IWritableFile CreateFile(string path) => _inner.CreateFile(Record(nameof(CreateFile), path));

    public IWritableFile OpenAppend(string path) => _inner.OpenAppend(Record(nameof(OpenAppend), path));

    public Stream OpenRead(string path) => _inner.OpenRead(Record(nameof(OpenRead), path));

    public FileSystemEntry? GetEntry(string path) => _inner.GetEntry(Record(nameof(GetEntry), path));

    public IReadOnlyList<FileSystemEntry> List(string directory) => _inner.List(Record(nameof(List), directory));

    public void CreateDirectory(string path) => _inner.CreateDirectory(Record(nameof(CreateDirectory), path));

    public void Rename(string source, string destination, bool replace = false) =>
        _inner.Rename(Record(nameof(Rename), source), Record(nameof(Rename), destination), replace);

    public void DeleteFile(string path) => _inner.DeleteFile(Record(nameof(DeleteFile), path));

    public void DeleteDirectory(string path) => _inner.DeleteDirectory(Record(nameof(DeleteDirectory), path));

    public void SyncDirectory(string path) => _inner.SyncDirectory(Record(nameof(SyncDirectory), path));

    public long GetAvailableSpace(string path) => _inner.GetAvailableSpace(Record(nameof(GetAvailableSpace), path));

    private string Record(string call, string path)
    {
        lock (_calls)
        {
            _calls.Add((call, path));
        }

        return path;
    }
}

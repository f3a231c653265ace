using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Tests.Storage;

public sealed class LocalFileSystemTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CreateFile_WriteSyncAndRename_ContentArrivesUnderNewName()
    {
        var fs = LocalFileSystem.Instance;
        var path = _temp.Combine("a.bin");
        using (var file = fs.CreateFile(path))
        {
            await file.WriteAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
            file.Sync();
        }

        fs.Rename(path, _temp.Combine("b.bin"));
        fs.SyncDirectory(_temp.Path);

        (await File.ReadAllBytesAsync(_temp.Combine("b.bin"))).ShouldBe(new byte[] { 1, 2, 3 });
        fs.GetEntry(path).ShouldBeNull();
    }

    [Fact]
    public void Rename_DirectoryOntoExistingEmptyDirectory_Refuses()
    {
        var fs = LocalFileSystem.Instance;
        fs.CreateDirectory(_temp.Combine("src"));
        fs.CreateDirectory(_temp.Combine("dst"));

        Should.Throw<IOException>(() => fs.Rename(_temp.Combine("src"), _temp.Combine("dst")));
    }

    [Fact]
    public void List_SymbolicLink_IsReportedAsLinkNotFollowed()
    {
        var fs = LocalFileSystem.Instance;
        File.CreateSymbolicLink(_temp.Combine("link"), "/etc/hostname");

        fs.List(_temp.Path).Single().Kind.ShouldBe(FileSystemEntryKind.SymbolicLink);
        fs.GetEntry(_temp.Combine("link"))!.Kind.ShouldBe(FileSystemEntryKind.SymbolicLink);
    }

    [Fact]
    public void SyncDirectory_MissingDirectory_ThrowsWithPath()
    {
        var missing = _temp.Combine("missing");
        Should.Throw<IOException>(() => LocalFileSystem.Instance.SyncDirectory(missing)).Message.ShouldContain(missing);
    }

    [Fact]
    public void GetAvailableSpace_ExistingDirectory_IsPositive() =>
        LocalFileSystem.Instance.GetAvailableSpace(_temp.Path).ShouldBeGreaterThan(0);
}

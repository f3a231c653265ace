using Ratchet.Storage;

namespace Ratchet.Tests.Testing;

/// <summary>
/// What every implementation of the seam must do alike outside of crashes. Run against the real file system
/// and the simulator, so that code tested on the simulator meets the same results and exceptions in production.
/// </summary>
public abstract class FileSystemContractTests
{
    protected abstract IFileSystem Fs { get; }

    protected abstract string Root { get; }

    protected abstract void PlantSymbolicLink(string path, string target);

    [Fact]
    public async Task CreateFile_WriteThenRead_RoundTrips()
    {
        await WriteFileAsync(At("a.bin"), [1, 2, 3]);

        Read(At("a.bin")).ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public async Task CreateFile_Existing_ThrowsIOExceptionWithEexist()
    {
        await WriteFileAsync(At("a.bin"), [1]);

        Throws.Exactly<IOException>(() => Fs.CreateFile(At("a.bin"))).HResult.ShouldBe(17);
    }

    [Fact]
    public void CreateFile_MissingParent_ThrowsDirectoryNotFound() =>
        Throws.Exactly<DirectoryNotFoundException>(() => Fs.CreateFile(At("missing", "a.bin")));

    [Fact]
    public async Task OpenAppend_Existing_WritesAtEnd()
    {
        await WriteFileAsync(At("log"), [1, 2]);

        using (var file = Fs.OpenAppend(At("log")))
        {
            file.Length.ShouldBe(2);
            await file.WriteAsync(new byte[] { 3 }, CancellationToken.None);
        }

        Read(At("log")).ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public async Task OpenAppend_Missing_CreatesFile()
    {
        using (var file = Fs.OpenAppend(At("log")))
        {
            await file.WriteAsync(new byte[] { 7 }, CancellationToken.None);
        }

        Read(At("log")).ShouldBe(new byte[] { 7 });
    }

    [Fact]
    public void OpenAppend_Directory_ThrowsUnauthorizedAccess()
    {
        Fs.CreateDirectory(At("dir"));

        Throws.Exactly<UnauthorizedAccessException>(() => Fs.OpenAppend(At("dir")));
    }

    [Fact]
    public async Task Truncate_ThenWrite_ContinuesAtNewEnd()
    {
        using (var file = Fs.CreateFile(At("a")))
        {
            await file.WriteAsync(new byte[] { 1, 2, 3, 4 }, CancellationToken.None);
            file.Truncate(2);
            file.Length.ShouldBe(2);
            await file.WriteAsync(new byte[] { 9 }, CancellationToken.None);
            file.Length.ShouldBe(3);
        }

        Read(At("a")).ShouldBe(new byte[] { 1, 2, 9 });
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var file = Fs.CreateFile(At("a"));
        file.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(async () => await file.WriteAsync(new byte[] { 1 }, CancellationToken.None));
    }

    [Fact]
    public async Task OpenRead_WhileAppending_SeesLaterWrites()
    {
        using var file = Fs.CreateFile(At("a"));
        await file.WriteAsync(new byte[] { 1 }, CancellationToken.None);
        using var reader = Fs.OpenRead(At("a"));
        await file.WriteAsync(new byte[] { 2 }, CancellationToken.None);

        var buffer = new byte[4];
        reader.ReadAtLeast(buffer, 2, throwOnEndOfStream: false).ShouldBe(2);
        buffer[..2].ShouldBe(new byte[] { 1, 2 });
    }

    [Fact]
    public void OpenRead_Missing_ThrowsFileNotFound() =>
        Throws.Exactly<FileNotFoundException>(() => Fs.OpenRead(At("missing")));

    [Fact]
    public void OpenRead_MissingParent_ThrowsDirectoryNotFound() =>
        Throws.Exactly<DirectoryNotFoundException>(() => Fs.OpenRead(At("missing", "a")));

    [Fact]
    public void OpenRead_Directory_ThrowsUnauthorizedAccess()
    {
        Fs.CreateDirectory(At("dir"));

        Throws.Exactly<UnauthorizedAccessException>(() => Fs.OpenRead(At("dir")));
    }

    [Fact]
    public async Task GetEntry_FileAndDirectory_AreDescribed()
    {
        await WriteFileAsync(At("a"), [1, 2, 3]);
        Fs.CreateDirectory(At("dir"));

        Fs.GetEntry(At("a")).ShouldBe(new FileSystemEntry("a", FileSystemEntryKind.File, 3));
        Fs.GetEntry(At("dir")).ShouldBe(new FileSystemEntry("dir", FileSystemEntryKind.Directory, 0));
    }

    [Fact]
    public void GetEntry_MissingOrMissingParent_ReturnsNull()
    {
        Fs.GetEntry(At("missing")).ShouldBeNull();
        Fs.GetEntry(At("missing", "a")).ShouldBeNull();
    }

    [Fact]
    public async Task List_Directory_ReportsKindsAndLengths()
    {
        await WriteFileAsync(At("a"), [1, 2]);
        Fs.CreateDirectory(At("dir"));

        Fs.List(Root).OrderBy(entry => entry.Name, StringComparer.Ordinal).ShouldBe(
        [
            new FileSystemEntry("a", FileSystemEntryKind.File, 2),
            new FileSystemEntry("dir", FileSystemEntryKind.Directory, 0),
        ]);
    }

    [Fact]
    public async Task List_MissingOrFile_ThrowsDirectoryNotFound()
    {
        await WriteFileAsync(At("a"), [1]);

        Throws.Exactly<DirectoryNotFoundException>(() => Fs.List(At("missing")));
        Throws.Exactly<DirectoryNotFoundException>(() => Fs.List(At("a")));
    }

    [Fact]
    public void CreateDirectory_Existing_Succeeds()
    {
        Fs.CreateDirectory(At("dir"));
        Fs.CreateDirectory(At("dir"));

        Fs.GetEntry(At("dir"))!.Kind.ShouldBe(FileSystemEntryKind.Directory);
    }

    [Fact]
    public async Task CreateDirectory_OverFile_ThrowsIOException()
    {
        await WriteFileAsync(At("a"), [1]);

        Throws.Exactly<IOException>(() => Fs.CreateDirectory(At("a"))).HResult.ShouldBe(17);
    }

    [Fact]
    public async Task Rename_FileWithinDirectory_MovesContent()
    {
        await WriteFileAsync(At("a"), [1, 2]);

        Fs.Rename(At("a"), At("b"));

        Fs.GetEntry(At("a")).ShouldBeNull();
        Read(At("b")).ShouldBe(new byte[] { 1, 2 });
    }

    [Fact]
    public async Task Rename_FileOntoExistingWithoutReplace_ThrowsEexistAndKeepsBoth()
    {
        await WriteFileAsync(At("a"), [1]);
        await WriteFileAsync(At("b"), [2]);

        Throws.Exactly<IOException>(() => Fs.Rename(At("a"), At("b"))).HResult.ShouldBe(17);
        Read(At("a")).ShouldBe(new byte[] { 1 });
        Read(At("b")).ShouldBe(new byte[] { 2 });
    }

    [Fact]
    public async Task Rename_FileOntoExistingWithReplace_Replaces()
    {
        await WriteFileAsync(At("a"), [1]);
        await WriteFileAsync(At("b"), [2]);

        Fs.Rename(At("a"), At("b"), replace: true);

        Fs.GetEntry(At("a")).ShouldBeNull();
        Read(At("b")).ShouldBe(new byte[] { 1 });
    }

    [Fact]
    public async Task Rename_FileOntoDirectory_ThrowsIOException()
    {
        await WriteFileAsync(At("a"), [1]);
        Fs.CreateDirectory(At("dir"));

        Throws.Exactly<IOException>(() => Fs.Rename(At("a"), At("dir"))).HResult.ShouldBe(17);
        Throws.Exactly<IOException>(() => Fs.Rename(At("a"), At("dir"), replace: true)).HResult.ShouldBe(21);
    }

    [Fact]
    public async Task Rename_FileOntoItself_DoesNothing()
    {
        await WriteFileAsync(At("a"), [1]);

        Fs.Rename(At("a"), At("a"));

        Read(At("a")).ShouldBe(new byte[] { 1 });
    }

    [Fact]
    public void Rename_MissingSource_ThrowsFileNotFound() =>
        Throws.Exactly<FileNotFoundException>(() => Fs.Rename(At("missing"), At("b")));

    [Fact]
    public async Task Rename_IntoMissingDirectory_ThrowsDirectoryNotFound()
    {
        await WriteFileAsync(At("a"), [1]);
        Fs.CreateDirectory(At("dir"));

        Throws.Exactly<DirectoryNotFoundException>(() => Fs.Rename(At("a"), At("missing", "a")));
        Throws.Exactly<DirectoryNotFoundException>(() => Fs.Rename(At("dir"), At("missing", "dir")));
    }

    [Fact]
    public async Task Rename_DirectoryAcrossDirectories_MovesTree()
    {
        Fs.CreateDirectory(At("from"));
        Fs.CreateDirectory(At("from", "pending"));
        Fs.CreateDirectory(At("to"));
        await WriteFileAsync(At("from", "pending", "a"), [5]);

        Fs.Rename(At("from", "pending"), At("to", "done"));

        Fs.List(At("from")).ShouldBeEmpty();
        Read(At("to", "done", "a")).ShouldBe(new byte[] { 5 });
    }

    [Fact]
    public void Rename_DirectoryOntoExistingDirectory_ThrowsIOException()
    {
        Fs.CreateDirectory(At("src"));
        Fs.CreateDirectory(At("dst"));

        Throws.Exactly<IOException>(() => Fs.Rename(At("src"), At("dst"))).HResult.ShouldBe(unchecked((int)0x80131620));
    }

    [Fact]
    public void Rename_DirectoryIntoItself_ThrowsIOException()
    {
        Fs.CreateDirectory(At("dir"));

        Throws.Exactly<IOException>(() => Fs.Rename(At("dir"), At("dir", "inner")));
        Fs.GetEntry(At("dir"))!.Kind.ShouldBe(FileSystemEntryKind.Directory);
    }

    [Fact]
    public async Task DeleteFile_Existing_Removes()
    {
        await WriteFileAsync(At("a"), [1]);

        Fs.DeleteFile(At("a"));

        Fs.GetEntry(At("a")).ShouldBeNull();
    }

    [Fact]
    public void DeleteFile_Missing_DoesNothing() => Fs.DeleteFile(At("missing"));

    [Fact]
    public void DeleteFile_MissingParent_ThrowsDirectoryNotFound() =>
        Throws.Exactly<DirectoryNotFoundException>(() => Fs.DeleteFile(At("missing", "a")));

    [Fact]
    public void DeleteFile_Directory_ThrowsUnauthorizedAccess()
    {
        Fs.CreateDirectory(At("dir"));

        Throws.Exactly<UnauthorizedAccessException>(() => Fs.DeleteFile(At("dir")));
    }

    [Fact]
    public async Task DeleteFile_WhileOpen_HandleKeepsWorking()
    {
        using var file = Fs.CreateFile(At("a"));
        Fs.DeleteFile(At("a"));

        await file.WriteAsync(new byte[] { 1, 2 }, CancellationToken.None);
        file.Sync();

        file.Length.ShouldBe(2);
        Fs.GetEntry(At("a")).ShouldBeNull();
    }

    [Fact]
    public async Task DeleteDirectory_NonEmpty_RemovesTree()
    {
        Fs.CreateDirectory(At("dir"));
        Fs.CreateDirectory(At("dir", "sub"));
        await WriteFileAsync(At("dir", "sub", "a"), [1]);

        Fs.DeleteDirectory(At("dir"));

        Fs.GetEntry(At("dir")).ShouldBeNull();
    }

    [Fact]
    public async Task DeleteDirectory_MissingOrFile_ThrowsDirectoryNotFound()
    {
        await WriteFileAsync(At("a"), [1]);

        Throws.Exactly<DirectoryNotFoundException>(() => Fs.DeleteDirectory(At("missing")));
        Throws.Exactly<DirectoryNotFoundException>(() => Fs.DeleteDirectory(At("a")));
    }

    [Fact]
    public void SyncDirectory_Existing_Succeeds() => Fs.SyncDirectory(Root);

    [Fact]
    public void SyncDirectory_Missing_ThrowsIOExceptionNamingPath() =>
        Throws.Exactly<IOException>(() => Fs.SyncDirectory(At("missing"))).Message.ShouldContain(At("missing"));

    [Fact]
    public void GetAvailableSpace_ExistingDirectory_IsPositive() => Fs.GetAvailableSpace(Root).ShouldBeGreaterThan(0);

    [Fact]
    public async Task SymbolicLink_ListAndGetEntry_ReportTheLink()
    {
        await WriteFileAsync(At("target"), [1, 2, 3]);
        PlantSymbolicLink(At("link"), At("target"));

        Fs.GetEntry(At("link")).ShouldBe(new FileSystemEntry("link", FileSystemEntryKind.SymbolicLink, 0));
        Fs.List(Root).Single(entry => entry.Name == "link").Kind.ShouldBe(FileSystemEntryKind.SymbolicLink);
    }

    [Fact]
    public async Task SymbolicLink_OpenRead_FollowsToTarget()
    {
        await WriteFileAsync(At("target"), [1, 2, 3]);
        PlantSymbolicLink(At("link"), At("target"));

        Read(At("link")).ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public async Task SymbolicLink_DeleteFile_RemovesLinkOnly()
    {
        await WriteFileAsync(At("target"), [1]);
        PlantSymbolicLink(At("link"), At("target"));

        Fs.DeleteFile(At("link"));

        Fs.GetEntry(At("link")).ShouldBeNull();
        Read(At("target")).ShouldBe(new byte[] { 1 });
    }

    [Fact]
    public void SymbolicLink_CreateFileOnDanglingLink_ThrowsEexist()
    {
        PlantSymbolicLink(At("link"), At("nowhere"));

        Throws.Exactly<IOException>(() => Fs.CreateFile(At("link"))).HResult.ShouldBe(17);
    }

    protected string At(params string[] parts) => Root + "/" + string.Join('/', parts);

    private async Task WriteFileAsync(string path, byte[] bytes)
    {
        using var file = Fs.CreateFile(path);
        await file.WriteAsync(bytes, CancellationToken.None);
        file.Sync();
    }

    private byte[] Read(string path)
    {
        using var stream = Fs.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

public sealed class LocalFileSystemContractTests : FileSystemContractTests, IDisposable
{
    private readonly TempDirectory _temp = new();

    protected override IFileSystem Fs => LocalFileSystem.Instance;

    protected override string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    protected override void PlantSymbolicLink(string path, string target) => File.CreateSymbolicLink(path, target);
}

public sealed class CrashSimulatingFileSystemContractTests : FileSystemContractTests
{
    private readonly Ratchet.Testing.CrashSimulatingFileSystem _fs = new();

    public CrashSimulatingFileSystemContractTests() => _fs.CreateDirectory("/data");

    protected override IFileSystem Fs => _fs;

    protected override string Root => "/data";

    protected override void PlantSymbolicLink(string path, string target) => _fs.CreateSymbolicLink(path, target);
}

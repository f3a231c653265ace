using Ratchet.Storage;

namespace Ratchet.Tests.Testing;

public abstract partial class FileSystemContractTests
{
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
}

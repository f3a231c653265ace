using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Tests.Testing;

/// <summary>
/// What every implementation of the seam must do alike outside of crashes. Run against the real file system
/// and the simulator, so that code tested on the simulator meets the same results and exceptions in production.
/// </summary>
public abstract partial class FileSystemContractTests
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


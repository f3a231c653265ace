using Ratchet.Storage.Local;
using Ratchet.Storage;

namespace Ratchet.Tests.Testing;

public sealed class LocalFileSystemContractTests : FileSystemContractTests, IDisposable
{
    private readonly TempDirectory _temp = new();

    protected override IFileSystem Fs => LocalFileSystem.Instance;

    protected override string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    protected override void PlantSymbolicLink(string path, string target) => File.CreateSymbolicLink(path, target);
}

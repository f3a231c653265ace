using Ratchet.Storage.Local;
using Ratchet.Storage;
using Ratchet.Testing;

namespace Ratchet.Tests.Testing;

public sealed class CrashSimulatingFileSystemContractTests : FileSystemContractTests
{
    private readonly CrashSimulatingFileSystem _fs = new();

    public CrashSimulatingFileSystemContractTests() => _fs.CreateDirectory("/data");

    protected override IFileSystem Fs => _fs;

    protected override string Root => "/data";

    protected override void PlantSymbolicLink(string path, string target) => _fs.CreateSymbolicLink(path, target);
}

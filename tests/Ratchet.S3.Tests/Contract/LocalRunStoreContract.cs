using Ratchet.Storage;

namespace Ratchet.S3.Tests.Contract;

/// <summary>The store contract on a local folder: the reference the S3 store is held to.</summary>
public sealed class LocalRunStoreContract : RunStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override Task CreateLocationAsync() => Task.CompletedTask;

    protected override IRunStore OpenStore() => RunStores.Open(_directory.Combine("run"));

    protected override Task<byte[]> SetAsideContentAsync(string setAside, string relative) => File.ReadAllBytesAsync(Path.Combine(setAside, relative));

    public void Dispose() => _directory.Dispose();
}

using Ratchet.Storage;

namespace Ratchet.S3.Tests.Contract;

/// <summary>The store contract on the S3 store, against a real Ceph gateway; each test gets its own prefix.</summary>
[Collection(CephSuite.Name)]
public sealed class S3RunStoreContract(CephFixture ceph) : RunStoreContract
{
    private string _location = "";

    protected override async Task CreateLocationAsync() => _location = await ceph.NewRunLocationAsync();

    protected override IRunStore OpenStore() => new S3RunStore(_location, ceph.Client);

    protected override async Task<byte[]> SetAsideContentAsync(string setAside, string relative)
    {
        var location = S3Location.Parse(setAside);
        using var response = await ceph.Client.GetObjectAsync(location.Bucket, location.Key(relative));
        return await Bytes.ReadAllAsync(response.ResponseStream);
    }
}

using Amazon.S3.Model;

namespace Ratchet.S3.Tests;

[Collection(CephSuite.Name)]
public sealed class ListTests(CephFixture ceph)
{
    [Fact]
    public async Task ListObjectsV2_PrefixAndDelimiter_GivesKeysAndFolders()
    {
        string bucket = await ceph.NewBucketAsync();
        foreach (string key in new[] { "run/a.json", "run/b.json", "run/ckpt-1/x", "run/ckpt-2/y", "other/z" })
        {
            await ceph.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        var listing = await ceph.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "run/", Delimiter = "/" });

        listing.S3Objects.Select(o => o.Key).ShouldBe(["run/a.json", "run/b.json"]);
        listing.CommonPrefixes.ShouldBe(["run/ckpt-1/", "run/ckpt-2/"]);
    }
}

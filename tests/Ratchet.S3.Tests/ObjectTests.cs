using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ratchet.S3.Tests;

[Collection(CephSuite.Name)]
public sealed class ObjectTests(CephFixture ceph)
{
    [Fact]
    public async Task PutBucket_NewName_IsListed()
    {
        string bucket = await ceph.NewBucketAsync();

        var buckets = await ceph.Client.ListBucketsAsync();

        buckets.Buckets.ShouldContain(b => b.BucketName == bucket);
    }

    [Fact]
    public async Task PutObject_ThenGetObject_ReturnsTheSameBytes()
    {
        string bucket = await ceph.NewBucketAsync();
        byte[] data = Bytes.Random(100_000, seed: 1);

        await ceph.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b.bin", InputStream = new MemoryStream(data) });
        using var response = await ceph.Client.GetObjectAsync(bucket, "a/b.bin");

        (await Bytes.ReadAllAsync(response.ResponseStream)).ShouldBe(data);
        response.ContentLength.ShouldBe(data.Length);
    }

    [Fact]
    public async Task GetObject_ByteRange_ReturnsExactlyThoseBytes()
    {
        string bucket = await ceph.NewBucketAsync();
        byte[] data = Bytes.Random(10_000, seed: 2);
        await ceph.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "ranged", InputStream = new MemoryStream(data) });

        // HTTP ranges are inclusive at both ends: 1000-1999 is 1000 bytes.
        using var response = await ceph.Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "ranged", ByteRange = new ByteRange(1000, 1999) });

        response.HttpStatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.ContentRange.ShouldBe("bytes 1000-1999/10000");
        (await Bytes.ReadAllAsync(response.ResponseStream)).ShouldBe(data[1000..2000]);
    }

    [Fact]
    public async Task PutObject_IfNoneMatchOnNewKey_Succeeds_AndOnExistingKey_FailsWith412()
    {
        string bucket = await ceph.NewBucketAsync();
        PutObjectRequest Put(byte[] data) => new() { BucketName = bucket, Key = "once", InputStream = new MemoryStream(data), IfNoneMatch = "*" };
        byte[] first = Bytes.Random(1000, seed: 3);

        await ceph.Client.PutObjectAsync(Put(first));
        var error = await Should.ThrowAsync<AmazonS3Exception>(() => ceph.Client.PutObjectAsync(Put(Bytes.Random(1000, seed: 4))));

        error.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        error.ErrorCode.ShouldBe("PreconditionFailed");
        using var response = await ceph.Client.GetObjectAsync(bucket, "once");
        (await Bytes.ReadAllAsync(response.ResponseStream)).ShouldBe(first);
    }
}

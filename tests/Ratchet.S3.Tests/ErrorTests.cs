using System.Net;
using Amazon.S3;

namespace Ratchet.S3.Tests;

[Collection(CephSuite.Name)]
public sealed class ErrorTests(CephFixture ceph)
{
    [Fact]
    public async Task ListBuckets_WrongSecretKey_Fails403()
    {
        using var client = ceph.CreateClient(ceph.Gateway.SecretKey + "wrong");

        var error = await Should.ThrowAsync<AmazonS3Exception>(() => client.ListBucketsAsync());

        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.ErrorCode.ShouldBeOneOf("SignatureDoesNotMatch", "AccessDenied");
    }

    [Fact]
    public async Task GetObject_MissingBucket_Fails404NoSuchBucket()
    {
        var error = await Should.ThrowAsync<AmazonS3Exception>(() => ceph.Client.GetObjectAsync("no-such-bucket-" + Guid.NewGuid().ToString("N"), "key"));

        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.ErrorCode.ShouldBe("NoSuchBucket");
    }
}

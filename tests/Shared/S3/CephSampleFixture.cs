using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ratchet.TestSupport;

/// <summary>One Ceph gateway for every test of a sample's S3 collection (a start costs a few seconds), stopped when the
/// collection ends, with one bucket the tests' runs share (each run under its own prefix). The samples reach it the way a
/// user's program does: through the standard AWS environment variables (<see cref="Environment"/>).
/// Linked only by test projects that reference AWSSDK.S3 (the samples' tests); tests/Shared/*.cs does not include it.</summary>
public sealed class CephSampleFixture : IDisposable
{
    public CephSampleFixture()
    {
        Gateway = CephGateway.Start();
        try
        {
            Client = new AmazonS3Client(new BasicAWSCredentials(Gateway.AccessKey, Gateway.SecretKey), new AmazonS3Config
            {
                ServiceURL = Gateway.Endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = Gateway.Region,
                // Ceph rejects the SDK's default aws-chunked uploads with trailing checksums.
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
            Bucket = "samples-" + Guid.NewGuid().ToString("N");
            Client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }).GetAwaiter().GetResult();
        }
        catch
        {
            Gateway.Dispose();
            throw;
        }
    }

    public CephGateway Gateway { get; }

    public IAmazonS3 Client { get; }

    public string Bucket { get; }

    /// <summary>The environment a sample needs to reach the gateway, and no AWS profile or instance role to fall back on.</summary>
    public IReadOnlyDictionary<string, string?> Environment(string home) => new Dictionary<string, string?>
    {
        ["AWS_ENDPOINT_URL"] = Gateway.Endpoint,
        ["AWS_ACCESS_KEY_ID"] = Gateway.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Gateway.SecretKey,
        ["AWS_REGION"] = Gateway.Region,
        ["AWS_PROFILE"] = null,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["HOME"] = home,
    };

    /// <summary>A fresh run location, <c>s3://bucket/runs/&lt;unique&gt;</c>.</summary>
    public string NewRunLocation() => $"s3://{Bucket}/runs/{Guid.NewGuid():N}";

    /// <summary>The keys under a run location, relative to it, in order.</summary>
    public async Task<IReadOnlyList<string>> ListKeysAsync(string location)
    {
        string prefix = location[$"s3://{Bucket}/".Length..] + "/";
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? []).Select(entry => entry.Key[prefix.Length..]));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    public void Dispose()
    {
        Client.Dispose();
        Gateway.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CephSampleSuite : ICollectionFixture<CephSampleFixture>
{
    public const string Name = "Ceph gateway for the sample";
}

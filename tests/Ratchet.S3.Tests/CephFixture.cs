using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ratchet.S3.Tests;

/// <summary>One Ceph cluster for every test in the collection (a start costs about 2 s); each test makes its own
/// bucket, so no test sees another's objects.</summary>
public sealed class CephFixture : IDisposable
{
    public CephFixture()
    {
        Gateway = CephGateway.Start();
        Client = CreateClient(Gateway.SecretKey);
    }

    private readonly SemaphoreSlim _runsBucketOnce = new(1);
    private string? _runsBucket;

    public CephGateway Gateway { get; }

    public IAmazonS3 Client { get; }

    /// <summary>A client for the gateway signing with the given secret (the real one, or a wrong one).</summary>
    public IAmazonS3 CreateClient(string secretKey)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = Gateway.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = Gateway.Region,
            // Ceph 16 rejects the SDK's default aws-chunked uploads with trailing checksums (400 XAmzContentSHA256Mismatch).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        return new AmazonS3Client(new BasicAWSCredentials(Gateway.AccessKey, secretKey), config);
    }

    /// <summary>A new, empty bucket with a unique name.</summary>
    public async Task<string> NewBucketAsync()
    {
        string name = "test-" + Guid.NewGuid().ToString("N");
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>A fresh run location, <c>s3://bucket/runs/&lt;unique&gt;</c>, in a bucket the runs share.</summary>
    public async Task<string> NewRunLocationAsync()
    {
        await _runsBucketOnce.WaitAsync();
        try
        {
            _runsBucket ??= await NewBucketAsync();
        }
        finally
        {
            _runsBucketOnce.Release();
        }

        return $"s3://{_runsBucket}/runs/{Guid.NewGuid():N}";
    }

    public void Dispose()
    {
        Client.Dispose();
        Gateway.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CephSuite : ICollectionFixture<CephFixture>
{
    public const string Name = "Ceph";
}

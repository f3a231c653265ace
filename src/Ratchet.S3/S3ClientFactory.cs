using Amazon.Runtime;
using Amazon.S3;

namespace Ratchet.S3;

/// <summary>Builds the S3 client the standard AWS ways: credentials and region from the SDK's default chain
/// (environment, profiles, instance roles), a custom endpoint from <c>AWS_ENDPOINT_URL</c>.</summary>
internal static class S3ClientFactory
{
    // Checkpoint saves are long and worth waiting for: throttling, 5xx and timeouts are retried with backoff.
    private const int MaxRetries = 6;

    public static IAmazonS3 FromEnvironment()
    {
        string? endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        string? region = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        try
        {
            return new AmazonS3Client(CreateConfig(endpoint, region));
        }
        catch (AmazonClientException e)
        {
            throw new S3StoreException(S3ProblemKind.Credentials,
                $"The S3 client could not be configured ({FirstSentence(e.Message)}). Set AWS_REGION (and AWS_ENDPOINT_URL for a store other than Amazon S3) or configure an AWS profile.");
        }
    }

    public static AmazonS3Config CreateConfig(string? endpoint, string? region)
    {
        var config = new AmazonS3Config
        {
            // Several S3-compatible stores (Ceph among them) reject the SDK's default streaming checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = MaxRetries,
        };
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true; // custom endpoints rarely have a DNS name per bucket
            if (!string.IsNullOrEmpty(region))
            {
                config.AuthenticationRegion = region;
            }
        }
        else if (!string.IsNullOrEmpty(region))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    public static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}

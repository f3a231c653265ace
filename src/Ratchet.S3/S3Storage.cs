using Amazon.S3;
using Microsoft.Extensions.Logging;
using Ratchet.Storage;

namespace Ratchet.S3;

/// <summary>Makes <c>s3://bucket/prefix</c> locations open as runs in S3-compatible object storage, wherever Ratchet
/// takes a run's location (<see cref="Runs.TrainingRun.OpenAsync{TConfig}"/>, <see cref="Runs.RunReader"/>, the CLI).</summary>
public static class S3Storage
{
    /// <summary>Registers <c>s3://</c> with a client configured from the environment the standard AWS ways:
    /// credentials from the SDK's default chain (<c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, profiles, roles),
    /// <c>AWS_REGION</c>, and <c>AWS_ENDPOINT_URL</c> for a store other than Amazon S3 (path-style addressing then).
    /// Call once at start-up.</summary>
    /// <param name="logger">Where stores report a writer lock taken over from a dead writer, or lost; none by default.</param>
    public static void Register(ILogger? logger = null)
    {
        // One client for every run the process opens (it pools connections); made on first use, and made again on a
        // later use if the environment could not configure it.
        var client = new Lazy<IAmazonS3>(S3ClientFactory.FromEnvironment, LazyThreadSafetyMode.PublicationOnly);
        RunStores.Register(S3Location.Scheme, location => new S3RunStore(location, client.Value, logger));
    }

    /// <summary>Registers <c>s3://</c> with a client configured in code; every run opens through it.</summary>
    /// <param name="client">The client every request goes through; the caller keeps ownership.</param>
    /// <param name="logger">Where stores report a writer lock taken over from a dead writer, or lost; none by default.</param>
    public static void Register(IAmazonS3 client, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        RunStores.Register(S3Location.Scheme, location => new S3RunStore(location, client, logger));
    }
}

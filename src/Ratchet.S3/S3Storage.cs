using Amazon.S3;
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
    public static void Register() => RunStores.Register(S3Location.Scheme, location => new S3RunStore(location));

    /// <summary>Registers <c>s3://</c> with a client configured in code; every run opens through it.</summary>
    public static void Register(IAmazonS3 client)
    {
        ArgumentNullException.ThrowIfNull(client);
        RunStores.Register(S3Location.Scheme, location => new S3RunStore(location, client));
    }
}

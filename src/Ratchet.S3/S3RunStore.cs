using System.Collections.Concurrent;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ratchet.Storage;

namespace Ratchet.S3;

/// <summary>
/// A run in S3-compatible object storage at <c>s3://bucket/prefix</c>, with the same layout as a local run:
/// <c>prefix/run.json</c>, <c>prefix/history.jsonl</c>, <c>prefix/checkpoints/step-…/&lt;part&gt;</c>. A checkpoint
/// exists when its <c>manifest.json</c> does: parts are uploaded under the checkpoint's prefix first and the manifest
/// is written last, create-only (<c>If-None-Match: *</c>), so two writers can never both commit a step. Un-committing
/// deletes the manifest first; parts without a manifest are debris that the writer sweeps when it opens the run.
/// One writer at a time holds a lease in <c>run.lock</c> (<see cref="S3WriterLease"/>).
/// </summary>
public sealed partial class S3RunStore : IRunStore
{
    // The run file's name (docs/on-disk-format.md); its presence makes a location a run.
    private const string RunFileName = "run.json";

    private readonly S3Objects _objects;
    private readonly ILogger _logger;

    // Checkpoint prefixes this instance is saving into right now: never debris to this writer.
    private readonly ConcurrentDictionary<string, byte> _saving = new(StringComparer.Ordinal);

    private S3WriterLease? _lease;

    /// <summary>The run at <paramref name="location"/> (<c>s3://bucket/prefix</c>), with a client configured from the
    /// environment the standard AWS ways (credentials, <c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL</c>).</summary>
    /// <param name="location">The run, <c>s3://bucket/prefix</c>.</param>
    /// <param name="logger">Where the store reports a writer lock taken over from a dead writer, or lost; none by default.</param>
    /// <exception cref="S3StoreException">The client cannot be configured.</exception>
    public S3RunStore(string location, ILogger? logger = null)
        : this(location, S3ClientFactory.FromEnvironment(), logger)
    {
    }

    /// <summary>The run at <paramref name="location"/> through a client configured in code.</summary>
    /// <param name="location">The run, <c>s3://bucket/prefix</c>.</param>
    /// <param name="client">The client every request goes through; the caller keeps ownership.</param>
    /// <param name="logger">Where the store reports a writer lock taken over from a dead writer, or lost; none by default.</param>
    public S3RunStore(string location, IAmazonS3 client, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentNullException.ThrowIfNull(client);
        _logger = logger ?? NullLogger.Instance;
        var parsed = S3Location.Parse(location);
        _objects = new S3Objects(client, parsed);
        Location = parsed.ToString();
    }

    /// <inheritdoc/>
    public string Location { get; }

    private S3Location Where => _objects.Location;

    /// <inheritdoc/>
    public string Describe(string checkpoint, string? file = null) =>
        file is null ? $"{Location}/{RunLayout.CheckpointsFolder}/{checkpoint}" : $"{Location}/{RunLayout.CheckpointsFolder}/{checkpoint}/{file}";

    /// <inheritdoc/>
    public string? LocalPathOf(string checkpoint, string file) => null;

    /// <inheritdoc/>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        if (await _objects.LengthAsync(Where.Key(RunFileName), cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        await foreach (var _ in _objects.ListAsync(CheckpointsPrefix, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    /// <remarks>An object store has no folders to create; this checks that the bucket answers, so that a wrong bucket
    /// or wrong credentials are reported before anything else.</remarks>
    public Task CreateAsync(CancellationToken cancellationToken) => ExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<IAsyncDisposable> AcquireWriterLockAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var lease = await S3WriterLease.AcquireAsync(_objects, timeProvider, _logger, cancellationToken).ConfigureAwait(false);
        _lease = lease;
        return new LeaseRelease(this, lease);
    }

    /// <inheritdoc/>
    public async Task<RunLockProbe> ProbeWriterLockAsync(CancellationToken cancellationToken)
    {
        // A lease its holder stopped renewing is not held: the next writer takes it over.
        var holder = await S3WriterLease.ReadAsync(_objects, cancellationToken).ConfigureAwait(false);
        return holder is null ? new RunLockProbe(false, null) : new RunLockProbe(!S3WriterLease.IsExpired(holder, TimeProvider.System.GetUtcNow()), holder.Holder);
    }

    /// <inheritdoc/>
    public async Task<IAsyncDisposable> AcquirePinsLockAsync(CancellationToken cancellationToken) =>
        await S3PinsLock.AcquireAsync(_objects, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>An object store reports no free space; a save that does not fit fails at upload.</remarks>
    public Task<long?> GetAvailableBytesAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    /// <summary>Fencing: a writer whose lease was taken over (it stalled past the lease) must not commit or un-commit.</summary>
    private Task EnsureLeaseAsync(CancellationToken cancellationToken) =>
        _lease is { } lease ? lease.EnsureOwnedAsync(cancellationToken) : Task.CompletedTask;

    private sealed class LeaseRelease(S3RunStore store, S3WriterLease lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (ReferenceEquals(store._lease, lease))
            {
                store._lease = null;
            }

            await lease.DisposeAsync().ConfigureAwait(false);
        }
    }
}

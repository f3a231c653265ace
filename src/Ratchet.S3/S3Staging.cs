using Ratchet.Storage;

namespace Ratchet.S3;

/// <summary>
/// One save: parts are uploaded under the checkpoint's final prefix (invisible as a checkpoint while it has no
/// manifest), at most <see cref="MaxUploadsInFlight"/> part uploads at once across the whole save, which bounds the
/// memory a save holds. The commit is one create-only put of the manifest. Disposing without a commit aborts the
/// multipart uploads and deletes what was uploaded; a crash leaves both for the next writer's sweep. The ranks of a
/// sharded save share the prefix: then disposing aborts only this rank's unfinished uploads and deletes nothing.
/// </summary>
internal sealed class S3Staging : ISharedCheckpointStaging
{
    /// <summary>Uploads running at once: enough to keep a link busy, few enough that memory stays bounded
    /// (<see cref="S3PartUpload.ChunkSize"/> each, plus one being filled).</summary>
    public const int MaxUploadsInFlight = 4;

    // No manifest is larger (the verifier's limit); a larger object under that name is certainly not ours.
    private const long MaxManifestLength = 16 << 20;

    private readonly S3RunStore _store;
    private readonly S3Objects _objects;
    private readonly string _checkpoint;
    private readonly string _prefix;
    private readonly SemaphoreSlim _uploadSlots = new(MaxUploadsInFlight);
    private readonly List<S3PartUpload> _parts = [];
    private readonly bool _shared;
    private bool _committed;
    private bool _disposed;

    public S3Staging(S3RunStore store, S3Objects objects, string checkpoint, string prefix, bool shared)
    {
        _store = store;
        _objects = objects;
        _checkpoint = checkpoint;
        _prefix = prefix;
        _shared = shared;
    }

    public Task<IStagedPart> CreatePartAsync(string file, CancellationToken cancellationToken)
    {
        string key = _prefix + S3Names.Segment(file, "part");
        if (file == RunLayout.ManifestFile || _parts.Any(part => part.Key == key))
        {
            throw new IOException($"A part named '{file}' was already staged for '{_store.Describe(_checkpoint)}'.");
        }

        // Parts are written one after another: once the next begins, the previous one's last bytes can go out.
        _parts.LastOrDefault()?.BeginFinish();
        var part = new S3PartUpload(_objects, key, _uploadSlots);
        _parts.Add(part);
        return Task.FromResult<IStagedPart>(part);
    }

    public async Task CommitAsync(string checkpoint, string manifestFile, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
    {
        if (checkpoint != _checkpoint || manifestFile != RunLayout.ManifestFile)
        {
            throw new InvalidOperationException($"This save stages '{_checkpoint}/{RunLayout.ManifestFile}', not '{checkpoint}/{manifestFile}'.");
        }

        if (_parts.FirstOrDefault(part => !part.IsCompleted) is { } unfinished)
        {
            throw new InvalidOperationException($"'{unfinished.Key}' was not completed before the commit.");
        }

        await _store.EnsureLeaseForCommitAsync(cancellationToken).ConfigureAwait(false);
        string key = _prefix + RunLayout.ManifestFile;
        bool created;
        try
        {
            // Not cancellable: a put cancelled in flight may still land, and the save would then delete the parts of a
            // committed checkpoint as if nothing had been committed. The manifest is one small request.
            created = await _objects.PutAsync(key, manifest, createOnly: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // The put may have landed before the failure: the parts stay, so the checkpoint is whole if it did and
            // debris for the next sweep if it did not.
            _committed = true;
            throw new StoreCommitUncertainException($"writing the manifest of '{_store.Describe(_checkpoint)}' failed and it may or may not have been committed: {e.Message}", e);
        }

        if (!created)
        {
            // A 412 also answers the SDK's retry of a put whose first attempt landed: then the manifest is ours.
            _committed = true;
            byte[]? existing = await _objects.GetAsync(key, MaxManifestLength, CancellationToken.None).ConfigureAwait(false);
            if (existing is null || !manifest.Span.SequenceEqual(existing))
            {
                // Another writer committed this step meanwhile; the parts beside its manifest are not ours to delete
                // blindly, so they are left for verification to judge.
                throw new StoreConflictException($"'{_store.Describe(_checkpoint)}' was committed by another writer first; nothing was replaced.");
            }
        }

        _committed = true;
    }

    public async Task PublishAsync(string file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // One put is atomic: a reader sees the whole object or none.
        if (!await _objects.PutAsync(KeyOf(file), content, createOnly: true, cancellationToken).ConfigureAwait(false))
        {
            throw new IOException($"'{_store.Describe(_checkpoint, file)}' was already published; it is never replaced.");
        }
    }

    // The staging area is the checkpoint's own prefix, listed as a checkpoint's files are.
    public async Task<IReadOnlyList<FileSystemEntry>> ListAsync(CancellationToken cancellationToken) =>
        (await _store.ListCheckpointFilesAsync(_checkpoint, cancellationToken).ConfigureAwait(false)).Files;

    public Task<byte[]?> ReadAsync(string file, long maxLength, CancellationToken cancellationToken) =>
        _objects.GetAsync(KeyOf(file), maxLength, cancellationToken);

    public Task RemoveAsync(string file, CancellationToken cancellationToken) => _objects.DeleteAsync(KeyOf(file), cancellationToken);

    private string KeyOf(string file) => _prefix + S3Names.Segment(file, "staged file");

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            List<Exception> errors = [];
            foreach (var part in _parts)
            {
                try
                {
                    await part.AbortAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or S3StoreException)
                {
                    errors.Add(e);
                }
            }

            if (!_committed && !_shared)
            {
                await _objects.DeleteAllAsync(_parts.Select(part => part.Key), CancellationToken.None).ConfigureAwait(false);
            }

            if (errors.Count > 0)
            {
                throw new IOException($"The unfinished save of '{_store.Describe(_checkpoint)}' could not be fully removed: {errors[0].Message}", errors[0]);
            }
        }
        finally
        {
            _store.SaveEnded(_prefix);
            _uploadSlots.Dispose();
        }
    }
}

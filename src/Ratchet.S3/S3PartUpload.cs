using System.Buffers;
using System.Collections.Concurrent;
using Amazon.S3.Model;
using Ratchet.Storage;

namespace Ratchet.S3;

/// <summary>
/// Streams one part file to the store with bounded memory. Bytes fill a pooled chunk; a full chunk becomes one part
/// of a multipart upload, sent in the background while the next fills. A buffer is only taken with one of the save's
/// upload slots, so a save never holds more than its slots' worth of chunks however large or many its parts are. A
/// part that never fills a chunk is written with a single put. Nothing of it is visible until it is completed.
/// </summary>
internal sealed class S3PartUpload(S3Objects objects, string key, SemaphoreSlim uploadSlots) : IStagedPart
{
    /// <summary>The size of each uploaded part but the last. S3 allows 10,000 parts, so one part file may hold up to
    /// about 156 GiB.</summary>
    public const int ChunkSize = 16 << 20;

    private readonly List<Task> _uploads = [];
    private readonly ConcurrentDictionary<int, string> _etags = new();
    private readonly CancellationTokenSource _abort = new();
    private byte[]? _buffer;
    private int _filled;
    private int _partNumber;
    private string? _uploadId;
    private Task? _finish;
    private volatile Exception? _failure;

    public string Key => key;

    public bool IsCompleted { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_finish is not null)
        {
            throw new InvalidOperationException($"'{key}' was written after the next part was begun or it was completed.");
        }

        while (!data.IsEmpty)
        {
            ThrowIfFailed();
            if (_buffer is null)
            {
                await uploadSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                _filled = 0;
            }

            int count = Math.Min(data.Length, ChunkSize - _filled);
            data[..count].CopyTo(_buffer.AsMemory(_filled));
            _filled += count;
            data = data[count..];
            if (_filled == ChunkSize)
            {
                await SendChunkAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts sending what is left, without waiting for it; no more writes may follow.</summary>
    public void BeginFinish() => _finish ??= FinishAsync();

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        BeginFinish();
        await _finish!.WaitAsync(cancellationToken).ConfigureAwait(false);
        IsCompleted = true;
    }

    /// <summary>Stops the upload and frees what it holds in memory and in the store (an unfinished multipart upload);
    /// a completed object stays for the staging area to delete.</summary>
    public async Task AbortAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        if (_finish is null)
        {
            ReleaseBuffer();
        }

        await Task.WhenAll(_uploads.Append(_finish ?? Task.CompletedTask).Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        if (_uploadId is { } uploadId && !IsCompleted)
        {
            await objects.AbortUploadAsync(key, uploadId, CancellationToken.None).ConfigureAwait(false);
        }

        _abort.Dispose();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the staging area aborts or keeps every part

    private async Task FinishAsync()
    {
        await Task.Yield();
        if (_uploadId is null)
        {
            // Small enough for one request: the object appears whole or not at all.
            try
            {
                var content = _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, _filled);
                await objects.PutAsync(key, content, createOnly: false, _abort.Token).ConfigureAwait(false);
            }
            finally
            {
                ReleaseBuffer();
            }

            IsCompleted = true;
            return;
        }

        if (_filled > 0)
        {
            await SendChunkAsync().ConfigureAwait(false);
        }
        else
        {
            ReleaseBuffer();
        }

        await Task.WhenAll(_uploads).ConfigureAwait(false);
        ThrowIfFailed();
        var parts = _etags.OrderBy(part => part.Key).Select(part => new PartETag(part.Key, part.Value)).ToList();

        // Some stores (Ceph among them) answer with an empty ETag: success is the absence of an error, nothing more.
        await S3Errors.CallAsync(objects.Location, $"complete the upload of '{key}'", () => objects.Client.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = objects.Bucket, Key = key, UploadId = _uploadId, PartETags = parts }, _abort.Token)).ConfigureAwait(false);
        IsCompleted = true;
    }

    /// <summary>Sends the filled buffer as the next part in the background; its upload slot is freed when it is sent.</summary>
    private async Task SendChunkAsync()
    {
        byte[] buffer = _buffer!;
        int length = _filled;
        _buffer = null;
        _filled = 0;
        try
        {
            _uploadId ??= (await S3Errors.CallAsync(objects.Location, $"begin the upload of '{key}'", () => objects.Client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = objects.Bucket, Key = key }, _abort.Token)).ConfigureAwait(false)).UploadId;
        }
        catch
        {
            Return(buffer);
            throw;
        }

        int number = ++_partNumber;
        _uploads.Add(Task.Run(() => UploadAsync(buffer, length, number)));
    }

    private async Task UploadAsync(byte[] buffer, int length, int number)
    {
        try
        {
            var response = await S3Errors.CallAsync(objects.Location, $"upload part {number} of '{key}'", () => objects.Client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = objects.Bucket,
                Key = key,
                UploadId = _uploadId,
                PartNumber = number,
                InputStream = new ReadOnlyMemoryStream(buffer.AsMemory(0, length)),
                PartSize = length,
            }, _abort.Token)).ConfigureAwait(false);
            _etags[number] = response.ETag;
        }
        catch (Exception e)
        {
            _failure ??= e;
            throw;
        }
        finally
        {
            Return(buffer);
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw failure as IOException ?? failure as S3StoreException as Exception ?? new IOException($"Uploading '{key}' failed: {failure.Message}", failure);
        }
    }

    private void ReleaseBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            Return(buffer);
        }
    }

    private void Return(byte[] buffer)
    {
        ArrayPool<byte>.Shared.Return(buffer);
        uploadSlots.Release();
    }
}

using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ratchet.S3;

/// <summary>
/// Reads one object from an offset to its end with ranged GETs. A connection that breaks mid-object is reopened
/// where it stopped (a few times), pinned to the first response's ETag so that a replaced object fails the read
/// instead of mixing two versions' bytes.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    private const int MaxReopens = 3;

    private readonly S3Objects _objects;
    private readonly string _key;
    private GetObjectResponse? _response;
    private string? _etag;
    private long _position;
    private long _length = -1;
    private int _reopens;

    private S3ReadStream(S3Objects objects, string key, long offset)
    {
        _objects = objects;
        _key = key;
        _position = offset;
    }

    /// <summary>The stream, or null when the object does not exist.</summary>
    public static async Task<S3ReadStream?> OpenAsync(S3Objects objects, string key, long offset, CancellationToken cancellationToken)
    {
        var stream = new S3ReadStream(objects, key, offset);
        return await stream.OpenAtPositionAsync(cancellationToken).ConfigureAwait(false) ? stream : null;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length >= 0 ? _length : throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_response is null || buffer.Length == 0)
            {
                return 0;
            }

            try
            {
                int read = await _response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _position += read;
                return read;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && _reopens < MaxReopens && _position < _length)
            {
                _reopens++;
                _response.Dispose();
                _response = null;
                if (!await OpenAtPositionAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException($"'s3://{_objects.Bucket}/{_key}' disappeared while it was read.", e);
                }
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _response?.Dispose();
            _response = null;
        }

        base.Dispose(disposing);
    }

    private Task<bool> OpenAtPositionAsync(CancellationToken cancellationToken) =>
        S3Errors.CallAsync(_objects.Location, $"read '{_key}'", async () =>
        {
            var request = new GetObjectRequest { BucketName = _objects.Bucket, Key = _key, EtagToMatch = _etag };
            if (_position > 0)
            {
                request.ByteRange = new ByteRange($"bytes={_position}-");
            }

            try
            {
                _response = await _objects.Client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                return false;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // Reading from the very end of an object (or past it) gives nothing, as a file would.
                _length = _position;
                return true;
            }
            catch (AmazonS3Exception e) when (_etag is not null && S3Errors.IsPreconditionFailed(e))
            {
                throw new IOException($"'s3://{_objects.Bucket}/{_key}' was replaced while it was read.", e);
            }

            _etag ??= _response.ETag;
            _length = _position + _response.ContentLength;
            return true;
        });
}

using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ratchet.S3;

/// <summary>The few object operations the store is built from, each with its errors translated
/// (<see cref="S3Errors"/>): a missing object is null or false, a failed create-only put is false.</summary>
internal sealed class S3Objects(IAmazonS3 client, S3Location location)
{
    private const int DeleteParallelism = 8;

    public IAmazonS3 Client => client;

    public S3Location Location => location;

    public string Bucket => location.Bucket;

    /// <summary>A whole object; null when it does not exist.</summary>
    /// <exception cref="RatchetFormatException">It is longer than <paramref name="maxLength"/>.</exception>
    public Task<byte[]?> GetAsync(string key, long maxLength, CancellationToken cancellationToken) =>
        S3Errors.CallAsync(location, $"read '{key}'", async () =>
        {
            try
            {
                using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
                if (response.ContentLength > maxLength)
                {
                    throw new RatchetFormatException(
                        $"'s3://{Bucket}/{key}' is {response.ContentLength} bytes, more than the {maxLength} such a file may hold; it is not a file Ratchet wrote. Move it away.");
                }

                byte[] content = new byte[response.ContentLength];
                await response.ResponseStream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                return content;
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                return null;
            }
        });

    /// <summary>The object's length; null when it does not exist.</summary>
    public Task<long?> LengthAsync(string key, CancellationToken cancellationToken) =>
        S3Errors.CallAsync<long?>(location, $"look up '{key}'", async () =>
        {
            try
            {
                var head = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
                return head.ContentLength;
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                return null;
            }
        });

    /// <summary>Writes an object whole. With <paramref name="createOnly"/> it is created only when no object of that
    /// key exists (<c>If-None-Match: *</c>); returns false when one did and nothing was written.</summary>
    public Task<bool> PutAsync(string key, ReadOnlyMemory<byte> content, bool createOnly, CancellationToken cancellationToken) =>
        S3Errors.CallAsync(location, $"write '{key}'", async () =>
        {
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                InputStream = new ReadOnlyMemoryStream(content),
                AutoCloseStream = true,
            };
            if (createOnly)
            {
                request.IfNoneMatch = "*";
            }

            try
            {
                await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception e) when (createOnly && S3Errors.IsPreconditionFailed(e))
            {
                return false;
            }
        });

    /// <summary>Deletes an object; a missing one is not an error.</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        S3Errors.CallAsync(location, $"delete '{key}'", async () =>
        {
            try
            {
                await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                // Already gone.
            }
        });

    /// <summary>Deletes many objects, a few at a time. Every key must be under the run's prefix: nothing outside the
    /// run is ever deleted. A key with a <c>.</c>, <c>..</c> or empty segment is left alone: HTTP clients may resolve
    /// such a path to another object, so a request for it could reach outside the run.</summary>
    public Task DeleteAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(keys.Select(EnsureInsideRun).Where(HasPlainSegments), new ParallelOptions { MaxDegreeOfParallelism = DeleteParallelism, CancellationToken = cancellationToken },
            async (key, token) => await DeleteAsync(key, token).ConfigureAwait(false));

    private static bool HasPlainSegments(string key) => key.Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));

    /// <summary>Copies an object inside the bucket.</summary>
    public Task CopyAsync(string from, string to, CancellationToken cancellationToken) =>
        S3Errors.CallAsync(location, $"copy '{from}' to '{to}'", () =>
            client.CopyObjectAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = from, DestinationBucket = Bucket, DestinationKey = to }, cancellationToken));

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, page by page.</summary>
    public async IAsyncEnumerable<S3Object> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = continuation };
            var page = await S3Errors.CallAsync(location, $"list '{prefix}'", () => client.ListObjectsV2Async(request, cancellationToken)).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item;
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    /// <summary>The multipart uploads begun and neither completed nor aborted under <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<MultipartUpload>> ListUploadsAsync(string prefix, CancellationToken cancellationToken)
    {
        var uploads = new List<MultipartUpload>();
        string? keyMarker = null, uploadMarker = null;
        while (true)
        {
            var request = new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = prefix, KeyMarker = keyMarker, UploadIdMarker = uploadMarker };
            var page = await S3Errors.CallAsync(location, $"list the unfinished uploads under '{prefix}'", () => client.ListMultipartUploadsAsync(request, cancellationToken)).ConfigureAwait(false);
            uploads.AddRange(page.MultipartUploads ?? []);
            if (page.IsTruncated != true)
            {
                return uploads;
            }

            (keyMarker, uploadMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
    }

    /// <summary>Abandons a multipart upload, freeing its parts; one already gone is not an error.</summary>
    public Task AbortUploadAsync(string key, string uploadId, CancellationToken cancellationToken) =>
        S3Errors.CallAsync(location, $"abort the upload of '{key}'", async () =>
        {
            try
            {
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = EnsureInsideRun(key), UploadId = uploadId }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
            {
                // Already completed or aborted.
            }
        });

    private string EnsureInsideRun(string key) =>
        key.StartsWith(location.RunPrefix, StringComparison.Ordinal) && key.Length > location.RunPrefix.Length
            ? key
            : throw new InvalidOperationException($"Refusing to delete '{key}': it is outside the run's prefix '{location.RunPrefix}'.");
}

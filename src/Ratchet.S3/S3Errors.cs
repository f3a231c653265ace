using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Ratchet.S3;

/// <summary>Turns SDK failures into what Ratchet's callers understand: problems that no retry fixes become one
/// <see cref="S3StoreException"/> sentence; anything else an <see cref="IOException"/>, which the core treats like a
/// failed disk operation (a save fails cleanly, a verification reports the file unreadable).</summary>
internal static class S3Errors
{
    public static async Task<T> CallAsync<T>(S3Location location, string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(location, what, e) is { } translated)
        {
            throw translated;
        }
    }

    public static async Task CallAsync(S3Location location, string what, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(location, what, e) is { } translated)
        {
            throw translated;
        }
    }

    public static bool IsNotFound(Exception e) =>
        e is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } s3 && s3.ErrorCode != "NoSuchBucket";

    public static bool IsPreconditionFailed(Exception e) =>
        e is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict };

    /// <summary>The exception to throw instead, or null for one the caller handles itself (not found, precondition).</summary>
    public static Exception? Translate(S3Location location, string what, Exception error)
    {
        if (error is OperationCanceledException { InnerException: TimeoutException })
        {
            // HttpClient reports its own timeout as a cancellation; after the SDK's retries it means no answer at all.
            return new S3StoreException(S3ProblemKind.Unreachable,
                $"The S3 endpoint for '{location}' did not answer in time while trying to {what}; check AWS_ENDPOINT_URL and the network, and that the store is running.");
        }

        if (error is S3StoreException or OperationCanceledException || IsNotFound(error) || IsPreconditionFailed(error))
        {
            return null;
        }

        if (error is AmazonS3Exception s3)
        {
            if (s3.ErrorCode == "NoSuchBucket")
            {
                return new S3StoreException(S3ProblemKind.MissingBucket,
                    $"The bucket '{location.Bucket}' does not exist at the S3 endpoint; create it or correct the location '{location}'.");
            }

            if (s3.StatusCode == HttpStatusCode.Forbidden || s3.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied")
            {
                return new S3StoreException(S3ProblemKind.Credentials,
                    $"The S3 store refused the credentials while trying to {what} in '{location}' ({s3.ErrorCode}); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the AWS profile) and that they may use the bucket '{location.Bucket}'.");
            }

            return new IOException($"S3 could not {what} in '{location}': {s3.ErrorCode} ({(int)s3.StatusCode}) {FirstSentence(s3.Message)}.", s3);
        }

        if (IsUnreachable(error))
        {
            return new S3StoreException(S3ProblemKind.Unreachable,
                $"The S3 endpoint for '{location}' could not be reached ({FirstSentence(Innermost(error).Message)}); check AWS_ENDPOINT_URL and the network, and that the store is running.");
        }

        if (error is AmazonClientException client && client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase))
        {
            return new S3StoreException(S3ProblemKind.Credentials,
                $"No AWS credentials were found to {what} in '{location}'; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or configure an AWS profile.");
        }

        return error is AmazonServiceException or AmazonClientException
            ? new IOException($"S3 could not {what} in '{location}': {FirstSentence(error.Message)}.", error)
            : null;
    }

    private static bool IsUnreachable(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception error)
    {
        var current = error;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }

    private static string FirstSentence(string message) => S3ClientFactory.FirstSentence(message);
}

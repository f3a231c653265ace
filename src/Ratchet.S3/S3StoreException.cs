namespace Ratchet.S3;

/// <summary>What kind of problem stops every request to the object store, whatever is retried.</summary>
public enum S3ProblemKind
{
    /// <summary>No credentials were found, or the store refused them (HTTP 403).</summary>
    Credentials,

    /// <summary>The bucket named in the location does not exist.</summary>
    MissingBucket,

    /// <summary>The endpoint could not be reached.</summary>
    Unreachable,
}

/// <summary>The object store cannot be used at all: the message says why in one sentence and what to do.</summary>
public sealed class S3StoreException : Storage.StoreUnavailableException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What kind of problem it is.</param>
    /// <param name="message">One sentence saying what is wrong and what to do.</param>
    public S3StoreException(S3ProblemKind kind, string message)
        : base(kind switch
        {
            S3ProblemKind.Credentials => Storage.StoreProblem.Credentials,
            S3ProblemKind.MissingBucket => Storage.StoreProblem.MissingLocation,
            _ => Storage.StoreProblem.Unreachable,
        }, message)
    {
        Kind = kind;
    }

    /// <summary>What kind of problem it is.</summary>
    public S3ProblemKind Kind { get; }
}

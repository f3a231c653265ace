namespace Ratchet.Storage;

/// <summary>Why a store cannot be used at all, whatever is retried.</summary>
public enum StoreProblem
{
    /// <summary>No credentials were found, or the store refused them.</summary>
    Credentials,

    /// <summary>The place the location names (a bucket) does not exist.</summary>
    MissingLocation,

    /// <summary>The store could not be reached.</summary>
    Unreachable,
}

/// <summary>A store that cannot be used at all (a remote one: bad credentials, a missing bucket, no connection). Each
/// problem has its own exit code (<see cref="ExitCodes"/>), so scripts can tell them apart; the message is one sentence
/// saying what is wrong and what to do.</summary>
public abstract class StoreUnavailableException : RatchetException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What kind of problem it is.</param>
    /// <param name="message">One sentence saying what is wrong and what to do.</param>
    protected StoreUnavailableException(StoreProblem problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    /// <summary>What kind of problem it is.</summary>
    public StoreProblem Problem { get; }
}

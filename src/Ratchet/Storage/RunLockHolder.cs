namespace Ratchet.Storage;

/// <summary>The process holding a run open for writing, as recorded in <c>run.lock</c>.</summary>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Host">Its machine name.</param>
/// <param name="Since">When it took the lock (UTC).</param>
public sealed record RunLockHolder(int ProcessId, string Host, DateTimeOffset Since)
{
    /// <inheritdoc />
    public override string ToString() => $"pid {ProcessId} on {Host} since {Since:u}";
}

namespace Ratchet.History;

/// <summary>One logged point of a run's metrics history (a line of <c>history.jsonl</c>).</summary>
/// <param name="Step">The global step.</param>
/// <param name="Epoch">The epoch.</param>
/// <param name="Time">When it was logged (UTC).</param>
/// <param name="Metrics">The metrics.</param>
public sealed record HistoryRecord(long Step, long Epoch, DateTimeOffset Time, IReadOnlyDictionary<string, double> Metrics);

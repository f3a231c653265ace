using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Storage;

namespace Ratchet.Cli.Reading;

/// <summary>
/// A run as the read-only commands use it: the library's <see cref="RunReader"/> (which never locks and never writes),
/// plus the few things every command shows in the same words.
/// </summary>
internal sealed class RunDirectory
{
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);

    private RunDirectory(RunReader reader) => Reader = reader;

    public RunReader Reader { get; }

    /// <summary>Where the run is.</summary>
    public string Path => Reader.Location;

    public RunInfo? Info => Reader.Info;

    public string? RunFileProblem => Reader.RunFileProblem;

    public IReadOnlySet<long> PinnedSteps => Reader.PinnedSteps;

    public string? PinsProblem => Reader.PinsProblem;

    public static async Task<RunDirectory> OpenAsync(string path, CancellationToken cancellationToken) =>
        new(await RunReader.OpenAsync(path, cancellationToken).ConfigureAwait(false));

    public void EnsureRunFileReadable() => Reader.EnsureRunFileReadable();

    public void EnsurePinsReadable() => Reader.EnsurePinsReadable();

    public RunInfo RequireInfo() => Reader.RequireInfo();

    public bool IsPinned(CheckpointStatus status) => Reader.IsPinned(status);

    public Task<IReadOnlyList<CheckpointStatus>> ListAsync(VerificationLevel level, CancellationToken cancellationToken) =>
        Reader.ListAsync(level, null, cancellationToken);

    /// <summary>The error for a step no checkpoint of <paramref name="all"/> records, naming the steps that exist.</summary>
    public CheckpointNotFoundException NoCheckpointAt(long step, IEnumerable<CheckpointStatus> all)
    {
        var steps = all.Where(status => status.Step is not null).Select(status => status.Step!.Value).ToList();
        return new CheckpointNotFoundException(
            $"The run '{Path}' has no checkpoint at step {step} ({(steps.Count == 0 ? "it has no checkpoints" : "it has steps " + string.Join(", ", steps))}).");
    }

    /// <summary>Reads the sizes of these checkpoints (or debris) once, so that the views can show them.</summary>
    public async Task MeasureAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (string name in names.Where(name => !_bytes.ContainsKey(name)))
        {
            _bytes[name] = await Reader.BytesOfAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The bytes a checkpoint's files occupy, as <see cref="MeasureAsync"/> read them (0 when not measured or gone).</summary>
    public long BytesOf(string name) => _bytes.GetValueOrDefault(name);

    public Task<IReadOnlyList<Ratchet.History.HistoryRecord>> ReadHistoryAsync(CancellationToken cancellationToken) =>
        Reader.ReadHistoryAsync(cancellationToken);

    public Task<IReadOnlyList<DebrisEntry>> ListDebrisAsync(CancellationToken cancellationToken) => Reader.ListDebrisAsync(cancellationToken);
}

using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Runs;
using Ratchet.Storage;

namespace Ratchet.Cli.Reading;

/// <summary>Everything <c>ratchet status</c> shows, gathered by reading only. Each part that cannot be read is
/// recorded as a problem instead of ending the report: a damaged run is exactly when someone runs <c>status</c>.</summary>
internal sealed class StatusReport
{
    /// <summary>How many history records the report keeps (the tail).</summary>
    public const int HistoryTail = 5;

    private StatusReport(RunDirectory run) => Run = run;

    public RunDirectory Run { get; }

    public RunLockProbe Lock { get; private set; } = new(false, null);

    /// <summary>What a resume would do, or null when it would be refused (<see cref="Refusal"/>).</summary>
    public ResumeDecision? Decision { get; private set; }

    /// <summary>Why a resume would be refused: checkpoints exist but none is intact.</summary>
    public NoUsableCheckpointException? Refusal { get; private set; }

    /// <summary>Every checkpoint, newest first; those a resume examined are fully verified, older ones fast-checked.</summary>
    public IReadOnlyList<CheckpointStatus> Checkpoints { get; private set; } = [];

    /// <summary>Bytes of every checkpoint directory.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>An upper bound on what pruning could free: the bytes of everything but the checkpoint a resume would use
    /// and the pinned ones, whatever the rules. 0 when a resume would be refused, because then nothing is safe to remove
    /// before the damage is understood, and 0 when <c>pins.json</c> is unreadable, because then nothing can be pruned.</summary>
    public long PrunableBytes { get; private set; }

    /// <summary>How many pinned checkpoints <see cref="PrunableBytes"/> leaves out (the resume point not counted).</summary>
    public int PinnedSpared { get; private set; }

    /// <summary>Unfinished saves and prunes with their sizes.</summary>
    public IReadOnlyList<DebrisEntry> Debris { get; private set; } = [];

    public int HistoryCount { get; private set; }

    public IReadOnlyList<HistoryRecord> HistoryTailRecords { get; private set; } = [];

    /// <summary>The last records for the sparkline (<see cref="Output.Sparkline.Width"/> of them).</summary>
    public IReadOnlyList<HistoryRecord> SparklineRecords { get; private set; } = [];

    public string? HistoryProblem { get; private set; }

    /// <summary>True when a writer could open the run as it stands.</summary>
    public bool Healthy => Refusal is null && Run.RunFileProblem is null && Run.PinsProblem is null && HistoryProblem is null;

    public static async Task<StatusReport> GatherAsync(RunDirectory run, CancellationToken cancellationToken)
    {
        var report = new StatusReport(run) { Lock = await run.Reader.ProbeLockAsync(cancellationToken).ConfigureAwait(false) };
        try
        {
            // Verifies the newest checkpoints in full and only reads: the decision a writer's open would make.
            report.Decision = await run.Reader.ResolveAsync(ResumeFrom.Newest, cancellationToken).ConfigureAwait(false);
            report.Checkpoints = report.Decision.Examined;
        }
        catch (NoUsableCheckpointException refusal)
        {
            report.Refusal = refusal;
            report.Checkpoints = refusal.Checkpoints;
        }

        await run.MeasureAsync(report.Checkpoints.Select(status => status.DirectoryName), cancellationToken).ConfigureAwait(false);
        report.TotalBytes = report.Checkpoints.Sum(status => run.BytesOf(status.DirectoryName));
        if (report.Decision?.Chosen is { } chosen && run.PinsProblem is null)
        {
            var spared = report.Checkpoints.Where(status => status.DirectoryName != chosen.DirectoryName && run.IsPinned(status)).ToList();
            report.PinnedSpared = spared.Count;
            report.PrunableBytes = report.TotalBytes - run.BytesOf(chosen.DirectoryName) - spared.Sum(status => run.BytesOf(status.DirectoryName));
        }

        report.Debris = await run.ListDebrisAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var history = await run.ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
            report.HistoryCount = history.Count;
            report.HistoryTailRecords = [.. history.TakeLast(HistoryTail)];
            report.SparklineRecords = [.. history.TakeLast(Output.Sparkline.Width)];
        }
        catch (RatchetFormatException e)
        {
            report.HistoryProblem = e.Message;
        }

        return report;
    }
}

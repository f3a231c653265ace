using Ratchet.Retention;

namespace Ratchet.Checkpoints;

internal sealed partial class CheckpointManager
{
    /// <summary>
    /// Plans retention over every checkpoint and, unless <paramref name="dryRun"/>, applies it crash-safely: each
    /// victim is renamed to <c>.trash-*</c>, the directory is fsynced, then the trash is deleted. Damaged
    /// checkpoints are only removed when <paramref name="removeDamaged"/> is set. Failures are reported in the
    /// result, not thrown. Only the holder of the run's lock may apply a plan.
    /// </summary>
    public async Task<PruneResult> PruneAsync(
        RetentionPolicy policy, IReadOnlySet<long> pinnedSteps, bool dryRun = false, bool removeDamaged = false, bool afterSave = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(pinnedSteps);

        // The retention after each save plans over what this instance knows, so that a save's cost does not grow with the
        // number of checkpoints; an explicit prune looks at every checkpoint afresh.
        var listed = afterSave ? await ListKnownAsync(cancellationToken).ConfigureAwait(false) : await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var statuses = await VerifyNewestAsync(listed, cancellationToken).ConfigureAwait(false);
        var (candidates, byStep, unplannable) = Candidates(statuses, pinnedSteps);
        var plan = RetentionPlanner.Plan(candidates, policy, _options.TimeProvider.GetUtcNow());
        var victims = plan.Dropped.Select(decision => byStep[decision.Step]).ToList();
        if (removeDamaged)
        {
            victims.AddRange(plan.Reported.Select(decision => byStep[decision.Step]).Where(status => !pinnedSteps.Contains(status.Step!.Value)));
            victims.AddRange(unplannable);
        }

        long bytes = victims.Sum(victim => victim.Manifest?.TotalBytes ?? 0);
        if (dryRun)
        {
            return new PruneResult(plan, byStep, Targets(victims), [], bytes, [], unplannable);
        }

        var removed = new List<string>();
        var failures = new List<string>();
        foreach (var victim in victims)
        {
            string? failure = await RemoveAsync(victim, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                removed.Add(victim.DirectoryName);
                if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
                {
                    var reasons = plan.Decisions.FirstOrDefault(decision => decision.Step == victim.Step)?.Reasons ?? ["damaged, removed on request"];
                    string reasonText = string.Join("; ", reasons);
                    CheckpointLog.Pruned(_logger, victim.DirectoryName, reasonText);
                }
            }
            else
            {
                failures.Add(failure);
                CheckpointLog.PruneFailed(_logger, failure);
            }
        }

        if (victims.Count > 0)
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        }

        long freed = victims.Where(victim => removed.Contains(victim.DirectoryName)).Sum(victim => victim.Manifest?.TotalBytes ?? 0);
        return new PruneResult(plan, byStep, Targets(victims), removed, freed, failures, unplannable);
    }

    private static string[] Targets(List<CheckpointStatus> victims) => [.. victims.Select(victim => victim.DirectoryName)];

    /// <summary>
    /// The planner keeps the newest intact checkpoint, so "intact" must be true for it: fast checks cannot see an
    /// altered byte, and a damaged newest would otherwise shield itself while the real resume point is pruned.
    /// Checkpoints are therefore verified in full from the newest down until one is intact. A checkpoint this
    /// manager committed itself is trusted without rereading: its checksums were computed as it was written.
    /// </summary>
    private async Task<List<CheckpointStatus>> VerifyNewestAsync(IReadOnlyList<CheckpointStatus> newestFirst, CancellationToken cancellationToken)
    {
        var statuses = newestFirst.ToList();
        for (int i = 0; i < statuses.Count; i++)
        {
            var status = statuses[i];
            if (!status.PassedChecks)
            {
                continue;
            }

            if (status.Step is { } step && _committedHere.Contains(step))
            {
                break;
            }

            statuses[i] = await InspectAsync(status.DirectoryName, VerificationLevel.Full, null, cancellationToken).ConfigureAwait(false);
            if (statuses[i].State == CheckpointState.Intact)
            {
                break;
            }
        }

        return statuses;
    }

    /// <summary>Maps statuses to planner candidates. A damaged directory whose manifest names the step of another
    /// directory (a renamed copy) cannot be planned by step; it is set apart.</summary>
    private static (List<RetentionCandidate> Candidates, Dictionary<long, CheckpointStatus> ByStep, List<CheckpointStatus> Unplannable) Candidates(
        IReadOnlyList<CheckpointStatus> statuses, IReadOnlySet<long> pinnedSteps)
    {
        var byStep = new Dictionary<long, CheckpointStatus>();
        var unplannable = new List<CheckpointStatus>();
        foreach (var status in statuses.OrderBy(status => status.PassedChecks ? 0 : 1))
        {
            if (status.Step is not { } step || !byStep.TryAdd(step, status))
            {
                unplannable.Add(status);
            }
        }

        var candidates = byStep.Values.Select(status => new RetentionCandidate(
            status.Step!.Value, status.Manifest!.Epoch, status.Manifest.CreatedAt, status.Manifest.Metrics,
            IsIntact: status.PassedChecks, IsPinned: pinnedSteps.Contains(status.Step.Value))).ToList();
        return (candidates, byStep, unplannable);
    }

    private async Task<string?> RemoveAsync(CheckpointStatus victim, CancellationToken cancellationToken)
    {
        string handle;
        try
        {
            // Once the un-commit is durable the checkpoint is gone as a unit; a crash after it leaves only debris.
            handle = await Store.UncommitCheckpointAsync(victim.DirectoryName, cancellationToken).ConfigureAwait(false);
        }
        catch (Storage.StoreCommitUncertainException e)
        {
            // After a failed sync the un-commit may or may not survive a power loss; either outcome is safe, but the
            // report must not claim the checkpoint is still in place.
            _known.Remove(victim.DirectoryName);
            return $"Pruning {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Could not prune {victim.DirectoryName}: {e.Message} It was left in place.";
        }

        _known.Remove(victim.DirectoryName);
        try
        {
            await Store.RemoveUncommittedAsync(handle, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Pruned {victim.DirectoryName} but could not delete its trash '{handle}': {e.Message} The next open of the run will sweep it.";
        }
    }
}

namespace Ratchet.Checkpoints;

/// <summary>
/// Resume resolution in the order of docs/on-disk-format.md ("Resume"): a named checkpoint, else the newest
/// that verifies by the step inside its manifest, else a fresh start only when there is no checkpoint
/// directory at all, else a refusal that diagnoses every checkpoint. Pure apart from the verification callback.
/// </summary>
internal static class ResumeResolver
{
    /// <param name="examined">Fast-checked status of every committed checkpoint directory.</param>
    /// <param name="request">What the caller asked for.</param>
    /// <param name="verifyFully">Full verification of one candidate (reads its bytes).</param>
    public static async Task<ResumeDecision> ResolveAsync(
        IReadOnlyList<CheckpointStatus> examined, ResumeFrom request, Func<CheckpointStatus, Task<CheckpointStatus>> verifyFully)
    {
        var newestFirst = examined
            .OrderByDescending(status => status.Step ?? -1)
            .ThenBy(status => status.DirectoryName, StringComparer.Ordinal)
            .ToList();
        if (request.IsExplicit)
        {
            return await ResolveExplicitAsync(newestFirst, request, verifyFully).ConfigureAwait(false);
        }

        if (newestFirst.Count == 0)
        {
            return new ResumeDecision(ResumeKind.FreshStart, null, [], [], "Starting fresh: the run has no checkpoints yet.");
        }

        var passedOver = new List<CheckpointStatus>();
        for (int i = 0; i < newestFirst.Count; i++)
        {
            var candidate = newestFirst[i];
            if (candidate.PassedChecks)
            {
                candidate = await verifyFully(candidate).ConfigureAwait(false);
                newestFirst[i] = candidate;
            }

            if (candidate.State == CheckpointState.Intact)
            {
                // A damaged checkpoint whose step cannot be read or trusted sorts last, but it may well be the newest:
                // it is passed over too, so the user is warned about it rather than left to lose it silently.
                int newer = passedOver.Count;
                passedOver.AddRange(newestFirst.Skip(i + 1).Where(status => status.State == CheckpointState.Damaged && !HasTrustedStep(status)));
                return new ResumeDecision(ResumeKind.NewestIntact, candidate, passedOver, newestFirst,
                    $"Resuming from checkpoint step {candidate.Step} (epoch {candidate.Manifest!.Epoch}): {Because(passedOver, newer)}.");
            }

            passedOver.Add(candidate);
        }

        throw new NoUsableCheckpointException(
            $"The run has {newestFirst.Count} checkpoint(s) but none is intact, so it will not silently start over: "
            + string.Join(" ", newestFirst.Select(status => status.Describe()))
            + " Restore a checkpoint, resume from one explicitly, or start over explicitly (this sets the old checkpoints aside, it does not delete them).",
            newestFirst);
    }

    private static string Because(List<CheckpointStatus> passedOver, int newer)
    {
        if (passedOver.Count == 0)
        {
            return "the newest checkpoint, fully verified";
        }

        var counts = new List<string>();
        if (newer > 0)
        {
            counts.Add($"{newer} damaged newer one(s)");
        }

        if (passedOver.Count > newer)
        {
            counts.Add($"{passedOver.Count - newer} damaged one(s) whose step cannot be trusted");
        }

        return $"the newest intact checkpoint, fully verified; passed over {string.Join(" and ", counts)}: {string.Join("; ", passedOver.Select(p => p.Describe().TrimEnd('.')))}";
    }

    /// <summary>Whether the status's place in the order is known: its manifest was read and it lives under its step's name.</summary>
    private static bool HasTrustedStep(CheckpointStatus status) =>
        status.Step is { } step && status.DirectoryName == Ratchet.Storage.RunLayout.CheckpointName(step);

    private static async Task<ResumeDecision> ResolveExplicitAsync(
        List<CheckpointStatus> newestFirst, ResumeFrom request, Func<CheckpointStatus, Task<CheckpointStatus>> verifyFully)
    {
        var named = newestFirst.FirstOrDefault(status => request.ExplicitStep is { } step
            ? status.Step == step
            : string.Equals(status.DirectoryPath, request.ExplicitDirectory, StringComparison.Ordinal));
        if (named is null)
        {
            string available = newestFirst.Count == 0 ? "the run has no checkpoints"
                : "available: " + string.Join(", ", newestFirst.Where(s => s.Step is not null).Select(s => s.Step));
            throw new CheckpointNotFoundException($"There is no checkpoint at {request} to resume from ({available}).");
        }

        var verified = await verifyFully(named).ConfigureAwait(false);
        if (verified.State != CheckpointState.Intact)
        {
            throw new CheckpointCorruptException(
                $"The checkpoint requested for resume, {verified.DirectoryName}, is damaged: {string.Join(" ", verified.Problems)} Choose another checkpoint.");
        }

        var newer = newestFirst.Where(status => status.Step > verified.Step).ToList();
        string summary = $"Resuming from checkpoint step {verified.Step} (epoch {verified.Manifest!.Epoch}): requested explicitly, fully verified"
            + (newer.Count > 0 ? $"; {newer.Count} newer checkpoint(s) will be set aside." : ".");
        return new ResumeDecision(ResumeKind.Explicit, verified, newer, newestFirst, summary);
    }
}

namespace Ratchet.Retention;

internal sealed class KeepEveryEpochsRule(long n) : RetentionPolicy
{
    internal override string Description => $"keep-every {n} epochs";

    internal override void Apply(RetentionContext context)
    {
        // Candidates arrive oldest first, so the last index seen for an epoch is its highest step, even
        // when epochs and steps disagree about order.
        var lastOfEpoch = new Dictionary<long, int>();
        var intact = context.Intact;
        for (var i = 0; i < intact.Length; i++)
        {
            if (intact[i].Epoch % n == 0)
            {
                lastOfEpoch[intact[i].Epoch] = i;
            }
        }

        foreach (var (epoch, index) in lastOfEpoch)
        {
            context.Keep(index, $"every {n} epochs (last of epoch {epoch})");
        }
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using Ratchet.Checkpoints;
using Ratchet.Runs;

namespace ShardedTraining;

/// <summary>
/// One rank: opens the sharded run (rank 0 holds it; the others join), restores its rows from its shard of the
/// checkpoint every rank resumed from, trains epoch by epoch and saves its shard after each epoch. SIGTERM or SIGINT
/// (the launcher stopping it because another rank died) cancels whatever it is doing; it then releases the run and
/// exits with <see cref="Ratchet.ExitCodes.Interrupted"/>.
/// </summary>
internal static class Worker
{
    /// <summary>How long a rank waits for the others (to join, to finish their shards); long, since a launcher stops the
    /// others as soon as one dies.</summary>
    private static readonly TimeSpan RankTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Each epoch trains its rows in this many slices with a pause after each, so that an epoch takes about
    /// <see cref="SliceCount"/> x <see cref="SlicePause"/> and a kill can land anywhere in it.</summary>
    private const int SliceCount = 8;

    private static readonly TimeSpan SlicePause = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(ShardedOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        var config = new ShardedConfig(options.Seed, EmbeddingShard.TotalRows, EmbeddingShard.Width, EmbeddingShard.StepsPerEpoch, options.Epochs);
        await using var sharded = await ShardedRun.OpenAsync(options.Run, config, new ShardedRunOptions
        {
            Timeout = RankTimeout,
            Run = new TrainingRunOptions
            {
                IgnoredConfigKeys = ShardedConfig.NotIdentity,
                HandleStopSignals = false, // the launcher's SIGTERM cancels `stop` instead, wherever the rank is waiting
                Logger = new GanDemo.LineLogger(error),
            },
        }, stop);

        int rank = sharded.Rank;
        EmbeddingShard shard;
        long epoch;
        if (sharded.ResumedShard is { } resumed)
        {
            shard = EmbeddingShard.FromBytes(rank, sharded.WorldSize, options.Seed, await resumed.ReadBytesAsync(RowsPart, stop));
            epoch = resumed.Epoch;
            await output.WriteLineAsync($"resumed at epoch {epoch} (step {resumed.Step}), rows {shard.FirstRow}..{shard.FirstRow + shard.RowCount - 1}");
        }
        else
        {
            shard = EmbeddingShard.Create(rank, sharded.WorldSize, options.Seed);
            epoch = 0;
            await output.WriteLineAsync($"fresh start, rows {shard.FirstRow}..{shard.FirstRow + shard.RowCount - 1}");
        }

        while (epoch < options.Epochs)
        {
            epoch++;
            double loss = 0;
            int slice = shard.RowCount / SliceCount;
            for (int start = 0; start < shard.RowCount; start += slice)
            {
                loss += shard.TrainRows(epoch, start, Math.Min(slice, shard.RowCount - start));
                await Task.Delay(SlicePause, stop);
            }

            long step = epoch * EmbeddingShard.StepsPerEpoch;
            double meanLoss = loss / ((double)shard.RowCount * EmbeddingShard.Width);
            if (sharded.Run is { } run)
            {
                await run.LogAsync(step, epoch, new Dictionary<string, double> { ["loss"] = meanLoss }, stop);
            }

            await sharded.SaveAsync(new CheckpointContent(step, epoch)
                .AddBytes(RowsPart, shard.ToBytes())
                .AddBytes(EpochPart, System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"epoch\":{epoch},\"rank\":{rank}}}"))), stop);
            if (rank == 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{options.Epochs}  step {step}  loss {meanLoss:F6}  saved"));
            }
        }

        await output.WriteLineAsync($"finished at epoch {epoch}");
        return 0;
    }

    public const string RowsPart = "rows";

    public const string EpochPart = "epoch";

    /// <summary>Cancels the returned token on the first SIGTERM or SIGINT, instead of ending the process.</summary>
    public static (CancellationTokenSource Stop, IDisposable[] Registrations) ListenForStop()
    {
        var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        return (stop, [PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal)]);
    }
}

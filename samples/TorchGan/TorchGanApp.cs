using System.Globalization;
using Ratchet;
using GanDemo;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace TorchGan;

/// <summary>
/// The second main job: a TorchSharp GAN on synthetic audio, trained epoch by epoch with a checkpoint after each; stops
/// cleanly on SIGINT/SIGTERM after saving (a second Ctrl+C exits at once); killed at any instant, it resumes to the same
/// final weights. Exit codes are the ratchet tool's (docs/cli.md).
/// </summary>
public static class TorchGanApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        GanOptions options;
        try
        {
            options = GanOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{e.Message}\n{GanOptions.Usage}");
            return ExitCodes.Usage;
        }

        if (options.Help)
        {
            await output.WriteAsync(GanOptions.Usage);
            return ExitCodes.Ok;
        }

        try
        {
            return await TrainAsync(options, output, error);
        }
        catch (RatchetException e)
        {
            // The same codes as the ratchet tool; a checkpoint that does not fit the modules is damaged for this program.
            await error.WriteLineAsync($"error: {e.Message}");
            return e is Ratchet.TorchSharp.ModuleLoadException ? ExitCodes.Damaged : ExitCodes.For(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read or write the library does not wrap (the picture, a history append on a failing store): one
            // sentence and the tool's code for it, never a stack trace.
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> TrainAsync(GanOptions options, TextWriter output, TextWriter error)
    {
        var config = new GanConfig(options.Seed, options.Width, options.Clips, GanTrainer.ClipLength, GanTrainer.BatchSize, GanTrainer.LearningRate,
            GanTrainer.Betas, GanTrainer.LrDecay, options.Epochs, options.KeepLast, options.ExtraStateMegabytes);
        await using var run = await TrainingRun.OpenAsync(options.RunDirectory, config, new TrainingRunOptions
        {
            IgnoredConfigKeys = GanConfig.NotIdentity,
            ResumeFrom = options.FromStep is { } step ? ResumeFrom.Step(step) : ResumeFrom.Newest,
            StartOver = options.Fresh,
            SaveMode = options.AsyncSave ? SaveMode.Snapshot : SaveMode.Durable,
            Retention = RetentionPolicy.AnyOf(
                RetentionPolicy.KeepLast(options.KeepLast),
                RetentionPolicy.KeepBest("spectral_distance", MetricGoal.Minimize, 1)),
            Logger = new LineLogger(error),
        });
        await output.WriteLineAsync(run.Resume.Summary);

        using var trainer = new GanTrainer(options);
        if (run.ResumedCheckpoint is { } checkpoint)
        {
            await trainer.RestoreAsync(checkpoint);
        }

        while (trainer.EpochsCompleted < options.Epochs && !run.IsStopRequested)
        {
            var metrics = trainer.TrainEpoch();
            long globalStep = (long)metrics.Epoch * trainer.StepsPerEpoch;
            var values = metrics.ToNamedValues();
            await run.LogAsync(globalStep, metrics.Epoch, values);
            await run.SaveAsync(trainer.Capture(globalStep, options.ExtraStateMegabytes));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"epoch {metrics.Epoch}/{options.Epochs}  step {globalStep}  d_loss {metrics.DiscriminatorLoss:F4}  g_loss {metrics.GeneratorLoss:F4}  spectral_distance {metrics.SpectralDistance:F4}  saved"));
        }

        // With --async-save the last checkpoint may still be committing in the background; what follows says it is committed.
        await run.WaitForBackgroundSavesAsync();
        if (run.IsStopRequested)
        {
            await output.WriteLineAsync($"stopped after epoch {trainer.EpochsCompleted}: checkpoint committed; run again to continue.");
            return 0;
        }

        var (real, generated) = trainer.Example();
        string picture = options.PicturePath(run.Directory);
        await File.WriteAllTextAsync(picture, WaveformSvg.Render(real, generated, $"epoch {trainer.EpochsCompleted}: a real clip and a generated one"));
        await output.WriteLineAsync($"done: {trainer.EpochsCompleted} epochs; picture of real vs generated audio: {picture}");
        return 0;
    }
}

using System.Globalization;
using GanDemo.Model;
using Ratchet;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

namespace GanDemo;

/// <summary>
/// The resumable training job: opens the run (resuming from its newest intact checkpoint, or refusing with a
/// diagnosis), trains epoch by epoch, logs each epoch's metrics and saves a checkpoint after it, and stops
/// cleanly on SIGINT/SIGTERM after saving. Killed at any instant, it resumes to the same final weights.
/// </summary>
public static class GanDemoApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        DemoOptions options;
        try
        {
            options = DemoOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{e.Message}\n{DemoOptions.Usage}");
            return ExitCodes.Usage;
        }

        if (options.Help)
        {
            await output.WriteAsync(DemoOptions.Usage);
            return ExitCodes.Ok;
        }

        try
        {
            return await TrainAsync(options, output, error);
        }
        catch (RatchetException e)
        {
            // The same codes as the ratchet tool, so one script can branch on either.
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.For(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read or write the library does not wrap (the picture, a history append on a failing store): one
            // sentence and the tool's code for it, never a stack trace.
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> TrainAsync(DemoOptions options, TextWriter output, TextWriter error)
    {
        var model = new GanOptions { Seed = options.Seed, HiddenWidth = options.Hidden, StepsPerEpoch = options.StepsPerEpoch };
        var config = new DemoConfig(
            model.Seed, model.HiddenWidth, model.HiddenLayers, model.LatentWidth, model.BatchSize, model.StepsPerEpoch,
            model.GeneratorLearningRate, model.DiscriminatorLearningRate, model.ModeStandardDeviation,
            options.Epochs, options.KeepLast, options.ExtraStateMegabytes);
        await using var run = await TrainingRun.OpenAsync(options.RunDirectory, config, new TrainingRunOptions
        {
            IgnoredConfigKeys = DemoConfig.NotIdentity,
            ResumeFrom = options.FromStep is { } step ? ResumeFrom.Step(step) : ResumeFrom.Newest,
            StartOver = options.Fresh,
            SaveMode = options.AsyncSave ? SaveMode.Snapshot : SaveMode.Durable,
            Retention = RetentionPolicy.AnyOf(
                RetentionPolicy.KeepLast(options.KeepLast),
                RetentionPolicy.KeepBest("mode_coverage", MetricGoal.Maximize, 1)),
            Logger = new LineLogger(error),
        });
        await output.WriteLineAsync(run.Resume.Summary);

        var trainer = new GanTrainer(model);
        if (run.ResumedCheckpoint is { } checkpoint)
        {
            await TrainerCheckpoint.RestoreAsync(trainer, checkpoint);
        }

        while (trainer.EpochsCompleted < options.Epochs && !run.IsStopRequested)
        {
            var metrics = trainer.TrainEpoch();
            long globalStep = (long)metrics.Epoch * model.StepsPerEpoch;
            var values = metrics.ToNamedValues();
            await run.LogAsync(globalStep, metrics.Epoch, values);
            await run.SaveAsync(TrainerCheckpoint.Capture(trainer, globalStep, options.ExtraStateMegabytes));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"epoch {metrics.Epoch}/{options.Epochs}  step {globalStep}  d_loss {metrics.DiscriminatorLoss:F4}  g_loss {metrics.GeneratorLoss:F4}  modes {metrics.Quality.ModesCovered}/8  saved{Pruned(run)}"));
        }

        // With --async-save the last checkpoint may still be committing in the background; what follows says it is committed.
        await run.WaitForBackgroundSavesAsync();
        if (run.IsStopRequested)
        {
            await output.WriteLineAsync($"stopped after epoch {trainer.EpochsCompleted}: checkpoint committed; run again to continue.");
            return 0;
        }

        string picture = options.PicturePath(run.Directory);
        await File.WriteAllTextAsync(picture, SvgPlot.Render(trainer.SampleReal(1000), trainer.SampleGenerated(1000), $"epoch {trainer.EpochsCompleted}: real vs generated"));
        await output.WriteLineAsync($"done: {trainer.EpochsCompleted} epochs; picture of real vs generated points: {picture}");
        return 0;
    }

    private static string Pruned(TrainingRun run) =>
        run.LastPrune is { Removed.Count: > 0 } prune ? $", pruned {string.Join(", ", prune.Removed)}" : "";
}

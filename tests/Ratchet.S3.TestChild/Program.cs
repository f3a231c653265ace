using System.Globalization;
using Ratchet;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;
using Ratchet.S3;

// A real process writing a run to S3 (configured the standard way, from AWS_* variables), for the tests to kill,
// lock against and read the errors of. Each mode prints a line when it reaches the point a test waits for.
S3Storage.Register();
string mode = args[0];
string run = args[1];
var config = new { model = "s3-child", hidden = 8 };
try
{
    switch (mode)
    {
        case "open":
        {
            await using var training = await TrainingRun.OpenAsync(run, config);
            Console.WriteLine("opened");
            return 0;
        }

        case "hold":
        {
            await using var training = await TrainingRun.OpenAsync(run, config);
            Console.WriteLine("opened");
            await Task.Delay(Timeout.Infinite);
            return 0;
        }

        case "save-then-slow-save":
        {
            // Commits step 1, then streams a large part of step 2 slowly, so the test can kill it mid-upload.
            int megabytes = int.Parse(args[2], CultureInfo.InvariantCulture);
            await using var training = await TrainingRun.OpenAsync(run, config);
            await training.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[1 << 20]));
            Console.WriteLine("committed 1");
            await training.SaveAsync(new CheckpointContent(2)
                .AddBytes("D", new byte[1 << 20])
                .AddStream("G", new TrickleStream((long)megabytes << 20, () => Console.WriteLine("saving 2"))));
            Console.WriteLine("committed 2");
            return 0;
        }

        case "save-loop":
        {
            // Small checkpoints in a loop with retention, until killed: a kill lands in part uploads, in the manifest
            // put or in a prune.
            int kilobytes = int.Parse(args[2], CultureInfo.InvariantCulture);
            await using var training = await TrainingRun.OpenAsync(run, config, new TrainingRunOptions { Retention = RetentionPolicy.KeepLast(2) });
            long step = training.Resume.Step ?? 0;
            Console.WriteLine($"resumed {step}");
            byte[] weights = new byte[kilobytes << 10];
            while (true)
            {
                step++;
                new Random((int)step).NextBytes(weights);
                await training.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });
                await training.SaveAsync(new CheckpointContent(step, step).AddBytes("G", weights).AddJson("state", new { step }));
                Console.WriteLine($"committed {step}");
            }
        }

        default:
            Console.Error.WriteLine($"unknown mode {mode}");
            return 64;
    }
}
catch (RatchetException e)
{
    string kind = e is S3StoreException s3 ? s3.Kind.ToString() : "-";
    Console.WriteLine($"error {e.GetType().Name} {kind}: {e.Message}");
    return 2;
}

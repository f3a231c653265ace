using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;

// A real process for the tests to kill, lock against and signal. Each mode prints a line when it reaches the
// point a test waits for.
string mode = args[0];
string run = args[1];
var config = new { model = "test-child", hidden = 8 };

switch (mode)
{
    case "save-then-slow-save":
    {
        // Commits step 1, then starts a large save of step 2 that trickles, so the test can kill it mid-save.
        int megabytes = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        await using var training = await TrainingRun.OpenAsync(run, config);
        await training.SaveAsync(new CheckpointContent(1).AddBytes("G", new byte[1 << 20]));
        Console.WriteLine("committed 1");
        await training.SaveAsync(new CheckpointContent(2)
            .AddBytes("D", new byte[1 << 20])
            .AddStream("G", new TrickleStream(megabytes << 20, () => Console.WriteLine("saving 2"))));
        Console.WriteLine("committed 2");
        return 0;
    }

    case "save-loop":
    {
        // Saves checkpoints of a few megabytes in a loop, with retention, until killed; prints each commit.
        int megabytes = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        await using var training = await TrainingRun.OpenAsync(run, config, new TrainingRunOptions { Retention = RetentionPolicy.KeepLast(2) });
        long step = training.Resume.Step ?? 0;
        Console.WriteLine($"resumed {step}");
        byte[] weights = new byte[megabytes << 20];
        while (true)
        {
            step++;
            new Random((int)step).NextBytes(weights);
            await training.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });
            await training.SaveAsync(new CheckpointContent(step, step).AddBytes("G", weights).AddJson("state", new { step }).SetMetric("loss", 1.0 / step));
            Console.WriteLine($"committed {step}");
        }
    }

    case "pin-range":
    {
        // Pins steps [first, first + count) one by one, racing whatever else changes the pins meanwhile.
        long first = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        int count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        for (long step = first; step < first + count; step++)
        {
            await RunPins.PinAsync(run, step);
        }

        Console.WriteLine("pinned");
        return 0;
    }

    case "hold-lock":
    {
        await using var training = await TrainingRun.OpenAsync(run, config);
        Console.WriteLine("locked");
        await Task.Delay(TimeSpan.FromMinutes(5));
        return 0;
    }

    case "train-until-stopped":
    {
        // A training loop that honours the graceful stop: it saves a checkpoint and exits 0.
        await using var training = await TrainingRun.OpenAsync(run, config);
        long step = training.Resume.Step ?? 0;
        Console.WriteLine($"resumed {step}");
        while (true)
        {
            step++;
            await Task.Delay(20);
            if (step == 3)
            {
                Console.WriteLine("training");
            }

            if (training.IsStopRequested)
            {
                await training.LogAsync(step, step, new Dictionary<string, double> { ["loss"] = 1.0 / step });
                await training.SaveAsync(new CheckpointContent(step, step).AddBytes("G", BitConverter.GetBytes(step)));
                Console.WriteLine($"stopped at {step}");
                return 0;
            }
        }
    }

    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}

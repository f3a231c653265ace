using System.Diagnostics;
using System.Globalization;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.TorchSharp;
using TorchSharp;
using static TorchSharp.torch;

// Saving and loading a ~1 GiB TorchSharp module: Ratchet against TorchSharp's own module.save/module.load and against a raw
// write + fsync of the same bytes, in one process, alternating rounds; medians in MiB/s. Prints one JSON object.
// Usage: dotnet run -c Release --project benchmarks/Ratchet.TorchSharp.Benchmarks -- [--size-mb 1024] [--dir DIR] [--rounds 3]
var options = new Dictionary<string, string>();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

int sizeMb = options.TryGetValue("--size-mb", out var size) ? int.Parse(size, CultureInfo.InvariantCulture) : 1024;
int rounds = options.TryGetValue("--rounds", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
string directory = options.TryGetValue("--dir", out var d) ? d : Path.Combine(Path.GetTempPath(), "ratchet-torch-bench");
Directory.CreateDirectory(directory);

const int width = 4096;
int layers = Math.Max(1, (int)(((long)sizeMb << 20) / ((long)width * width * 4)));
using var module = nn.Sequential([.. Enumerable.Range(0, layers).Select(i => ($"layer{i}", (nn.Module<Tensor, Tensor>)nn.Linear(width, width)))]);
long bytes = module.state_dict().Values.Sum(tensor => tensor.numel() * tensor.element_size());
double megabytes = bytes / (double)(1 << 20);

var raw = new List<double>();
var native = new List<double>();
var ratchet = new List<double>();
var nativeLoad = new List<double>();
var ratchetLoad = new List<double>();
long allocatedDuringSave = 0;
for (int round = 0; round < rounds; round++)
{
    string rawPath = Path.Combine(directory, "raw.bin");
    raw.Add(Time(() =>
    {
        using var stream = new FileStream(rawPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        foreach (var tensor in module.state_dict().Values)
        {
            stream.Write(tensor.bytes);
        }

        stream.Flush(flushToDisk: true);
    }));
    File.Delete(rawPath);

    string nativePath = Path.Combine(directory, "module.dat");
    native.Add(Time(() =>
    {
        module.save(nativePath);
        using var stream = new FileStream(nativePath, FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
    }));

    string runPath = Path.Combine(directory, "run");
    if (Directory.Exists(runPath))
    {
        Directory.Delete(runPath, recursive: true);
    }

    var run = TrainingRun.OpenAsync(runPath, new { layers }, new TrainingRunOptions { HandleStopSignals = false }).GetAwaiter().GetResult();
    long before = GC.GetTotalAllocatedBytes(precise: true);
    ratchet.Add(Time(() => run.SaveAsync(new CheckpointContent(round + 1, 1).AddModule("model", module)).GetAwaiter().GetResult()));
    allocatedDuringSave = Math.Max(allocatedDuringSave, GC.GetTotalAllocatedBytes(precise: true) - before);
    run.DisposeAsync().AsTask().GetAwaiter().GetResult();

    nativeLoad.Add(Time(() => module.load(nativePath)));
    var resumed = TrainingRun.OpenAsync(runPath, new { layers }, new TrainingRunOptions { HandleStopSignals = false }).GetAwaiter().GetResult();
    ratchetLoad.Add(Time(() => resumed.ResumedCheckpoint!.LoadModuleAsync("model", module).GetAwaiter().GetResult()));
    resumed.DisposeAsync().AsTask().GetAwaiter().GetResult();
    File.Delete(nativePath);
    GC.Collect();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"state_mb\":{megabytes:F0},\"save_vs_raw\":{Median(raw) / Median(ratchet):F2},\"save_vs_module_save\":{Median(native) / Median(ratchet):F2},"
    + $"\"load_vs_module_load\":{Median(nativeLoad) / Median(ratchetLoad):F2},\"managed_allocated_during_save_mb\":{allocatedDuringSave / (double)(1 << 20):F1},"
    + $"\"ratchet_save_mb_s\":{megabytes / Median(ratchet):F0},\"raw_save_mb_s\":{megabytes / Median(raw):F0},\"module_save_mb_s\":{megabytes / Median(native):F0},"
    + $"\"ratchet_load_mb_s\":{megabytes / Median(ratchetLoad):F0},\"module_load_mb_s\":{megabytes / Median(nativeLoad):F0}}}"));
return 0;

static double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

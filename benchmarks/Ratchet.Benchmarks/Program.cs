using System.Globalization;
using Ratchet.Benchmarks;

// Each command prints one JSON object as its last line; BENCHMARKS.md records the results and the commands.
const string usage = """
    Usage:
      save      --size-mb N --parts P --dir DIR [--rounds R]   checkpoint save and full verification vs plain FileStream I/O
      tensors   --size-mb N --dir DIR                          safetensors write and read vs plain FileStream I/O
      retention [--candidates N]                             planning retention over N manifests vs sorting them
      checksum  [--size-mb N]                                single-core CRC-32C throughput
      pytorch   --file FILE [--rounds R]                       reading a .pth into tensors vs a sequential read of it
      async     --size-mb N --dir DIR [--rounds R]         the training loop's stall: snapshot vs durable save vs memcpy
      scale     [--dir DIR] [--state-kb K] [--sizes 10,1000,10000] per-save time in runs of 10 to 10,000 checkpoints
      sharded   --size-mb N --ranks R --dir DIR [--rounds K]   the same bytes saved by R ranks of a sharded run vs one process
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(usage);
    return 1;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

int Number(string name, int fallback) =>
    options.TryGetValue(name, out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string Folder() => options.TryGetValue("--dir", out string? dir) ? dir : Path.Combine(Path.GetTempPath(), "ratchet-benchmarks");

string result = args[0] switch
{
    "save" => await SaveBenchmark.RunAsync(Number("--size-mb", 1024), Number("--parts", 4), Folder(), Number("--rounds", 3)),
    "tensors" => await TensorsBenchmark.RunAsync(Number("--size-mb", 1024), Folder()),
    "retention" => RetentionBenchmark.Run(Number("--candidates", 10_000)),
    "checksum" => $"{{\"checksum_gb_s\":{ChecksumBenchmark.MeasureGigabytesPerSecond(Number("--size-mb", 256)).ToString("F2", CultureInfo.InvariantCulture)}}}",
    "pytorch" => PyTorchReadBenchmark.Run(options["--file"], Number("--rounds", 5)),
    "async" => await BackgroundSaveBenchmark.RunAsync(Number("--size-mb", 1024), Number("--rounds", 4), Folder()),
    "sharded" => await ShardedSaveBenchmark.RunAsync(Number("--size-mb", 1024), Number("--ranks", 4), Number("--rounds", 5), Folder()),
    "scale" => await ScaleBenchmark.RunAsync(
        [.. (options.TryGetValue("--sizes", out string? sizes) ? sizes : "10,1000,10000").Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture))],
        Number("--state-kb", 1024), Folder()),
    _ => "",
};

if (result.Length == 0)
{
    Console.Error.WriteLine(usage);
    return 1;
}

Console.WriteLine(result);
return 0;

using System.Globalization;

namespace ShardedTraining;

/// <summary>The command line. Without <c>--worker</c> the program is the launcher; with it, one rank (RANK and
/// WORLD_SIZE come from the environment the launcher sets).</summary>
public sealed record ShardedOptions
{
    public const string Usage = """
        Usage: ShardedTraining [options]
          --run DIR|s3://BUCKET/PREFIX   the run (default runs/sharded); s3:// takes AWS_ACCESS_KEY_ID,
                                         AWS_SECRET_ACCESS_KEY, AWS_REGION and AWS_ENDPOINT_URL from the environment
          --epochs N                     train until this epoch (default 20; may change between resumes)
          --seed S                       random seed (default 0)
          --world-size N                 worker processes, each owning a shard of the table (default 4; a resume
                                         needs the world size the run was saved with)
          --help                         print this help and exit
        Launches N workers that each train rows [rank*R, (rank+1)*R) of a 4096 x 64 embedding table and save a sharded
        checkpoint every epoch. When a worker dies the others are stopped; run again to resume.
        """;

    public const int MaxWorldSize = 64;

    public string Run { get; init; } = Path.Combine("runs", "sharded");

    public int Epochs { get; init; } = 20;

    public ulong Seed { get; init; }

    public int WorldSize { get; init; } = 4;

    public bool Help { get; init; }

    /// <summary>Set by the launcher on the processes it starts.</summary>
    public bool Worker { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message naming the bad option.</summary>
    public static ShardedOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ShardedOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"Option {name} needs a value.");
            options = name switch
            {
                "--run" => options with { Run = NonEmpty(name, Value()) },
                "--epochs" => options with { Epochs = Positive(name, Value(), int.MaxValue) },
                "--seed" => options with { Seed = ulong.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed : throw Invalid(name, args[i]) },
                "--world-size" => options with { WorldSize = Positive(name, Value(), MaxWorldSize) },
                "--worker" => options with { Worker = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (EmbeddingShard.TotalRows % options.WorldSize != 0)
        {
            throw new ArgumentException($"Option --world-size {options.WorldSize} does not divide the table's {EmbeddingShard.TotalRows} rows; use a power of two up to {MaxWorldSize}.");
        }

        return options;
    }

    /// <summary>The arguments that start a worker with these options.</summary>
    public IEnumerable<string> WorkerArguments() =>
    [
        "--worker", "--run", Run,
        "--epochs", Epochs.ToString(CultureInfo.InvariantCulture),
        "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        "--world-size", WorldSize.ToString(CultureInfo.InvariantCulture),
    ];

    private static string NonEmpty(string name, string text) =>
        text.Length > 0 ? text : throw new ArgumentException($"Option {name} needs a non-empty value.");

    private static int Positive(string name, string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 && value <= max
            ? value
            : throw new ArgumentException($"Option {name} expects a whole number from 1 to {max}, not '{text}'.");

    private static ArgumentException Invalid(string name, string text) => new($"Option {name} expects a whole number, not '{text}'.");
}

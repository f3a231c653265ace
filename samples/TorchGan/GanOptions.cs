using System.Globalization;

namespace TorchGan;

/// <summary>The command line of the sample. Every option has a default, so a bare run trains a complete run.</summary>
public sealed record GanOptions
{
    public const string Usage = """
        Usage: TorchGan [options]
          --run DIR               run directory (default runs/torch-gan)
          --epochs N              train until this epoch (default 25; may change between resumes)
          --seed S                random seed for data, weights and noise (default 0)
          --width W               channel width of the generator and discriminators (default 16)
          --clips N               synthetic audio clips in the data set (default 64)
          --keep-last N           checkpoints kept besides the best and pinned (default 3)
          --extra-state-mb M      add M MiB of extra state to every checkpoint (default 0)
          --from STEP             resume from this checkpoint step explicitly
          --async-save            return from each save once the state is copied; the write and commit run in the
                                  background while the next epoch trains
          --fresh                 start over when the run cannot be resumed (old checkpoints are set aside)
          --help                  print this help and exit
        """;

    public string RunDirectory { get; init; } = Path.Combine("runs", "torch-gan");

    public int Epochs { get; init; } = 25;

    public long Seed { get; init; }

    public int Width { get; init; } = 16;

    public int Clips { get; init; } = 64;

    public int KeepLast { get; init; } = 3;

    public int ExtraStateMegabytes { get; init; }

    public long? FromStep { get; init; }

    public bool Fresh { get; init; }

    public bool AsyncSave { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message naming the bad option.</summary>
    public static GanOptions Parse(IReadOnlyList<string> args)
    {
        var options = new GanOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"Option {name} needs a value.");
            options = name switch
            {
                "--run" => options with { RunDirectory = Value() },
                "--epochs" => options with { Epochs = Positive(name, Value()) },
                "--seed" => options with { Seed = NonNegative(name, Value()) },
                "--width" => options with { Width = Positive(name, Value()) },
                "--clips" => options with { Clips = Positive(name, Value()) },
                "--keep-last" => options with { KeepLast = Positive(name, Value()) },
                "--extra-state-mb" => options with { ExtraStateMegabytes = NonNegative(name, Value()) },
                "--from" => options with { FromStep = NonNegative(name, Value()) },
                "--fresh" => options with { Fresh = true },
                "--async-save" => options with { AsyncSave = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.Fresh && options.FromStep is { } step)
        {
            throw new ArgumentException($"Options --fresh and --from {step} contradict each other: --fresh sets every checkpoint aside. "
                + "Drop --fresh to resume from that checkpoint, or drop --from to start over.");
        }

        return options;
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : throw Invalid(name, text);

    private static int NonNegative(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : throw Invalid(name, text);

    private static ArgumentException Invalid(string name, string text) => new($"Option {name} expects a whole number, not '{text}'.");
}

using System.Globalization;

namespace TorchGan;

/// <summary>The command line of the sample. Every option has a default, so a bare run trains a complete run.</summary>
public sealed record GanOptions
{
    public const string Usage = """
        Usage: TorchGan [options]
          --run DIR|s3://BUCKET/PREFIX
                                  where the run lives (default runs/torch-gan): a local folder, or a prefix in Amazon S3
                                  or an S3-compatible store (Ceph, MinIO), reached with AWS_ACCESS_KEY_ID,
                                  AWS_SECRET_ACCESS_KEY (or an AWS profile), AWS_REGION and, for a store other than
                                  Amazon S3, AWS_ENDPOINT_URL (http://host:port)
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
          --picture PATH          where the picture of a real clip and a generated one goes when training completes (default
                                  torch-gan.svg in the run folder; for a run in S3, torch-gan.svg in the current folder)
          --help                  print this help and exit

        Metrics also go to TensorBoard event files in RUN/tensorboard, for a local run only. Exit codes are the
        ratchet tool's: 0 done or stopped cleanly, 1 bad command line, 2 no checkpoint --from STEP, 3 no intact
        checkpoint, 4 run locked or model changed, 5 read or write failed, 6 S3 credentials refused or missing,
        7 bucket missing, 8 S3 endpoint unreachable.
        """;

    public string RunDirectory { get; init; } = Path.Combine("runs", "torch-gan");

    /// <summary>Where the picture goes; null for the default (<see cref="PicturePath"/>).</summary>
    public string? Picture { get; init; }

    /// <summary>Whether the run is a local folder rather than a URL such as <c>s3://bucket/prefix</c>.</summary>
    public bool RunIsLocal => !RunDirectory.Contains("://", StringComparison.Ordinal);

    /// <summary>Where the picture goes: as asked, else beside the run's files for a local run, else in the current
    /// folder (a picture inside an object store is not one a person can open).</summary>
    public string PicturePath(string runDirectory) =>
        Picture ?? (RunIsLocal ? Path.Combine(runDirectory, "torch-gan.svg") : Path.GetFullPath("torch-gan.svg"));

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
                "--picture" => options with { Picture = Value() },
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

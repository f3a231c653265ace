using System.Globalization;

namespace Ratchet.Runs;

/// <summary>How one rank of a sharded run is opened (<see cref="ShardedRun.OpenAsync{TConfig}"/>).</summary>
public sealed class ShardedRunOptions
{
    /// <summary>The environment variable a launcher sets to each process's rank (the torchrun convention).</summary>
    public const string RankVariable = "RANK";

    /// <summary>The environment variable a launcher sets to the number of ranks (the torchrun convention).</summary>
    public const string WorldSizeVariable = "WORLD_SIZE";

    /// <summary>This process's rank, from 0. Default: the <c>RANK</c> environment variable, or 0 when it is not set.</summary>
    public int? Rank { get; init; }

    /// <summary>How many ranks save each checkpoint together. Default: the <c>WORLD_SIZE</c> environment variable, or 1
    /// when it is not set.</summary>
    public int? WorldSize { get; init; }

    /// <summary>How rank 0 opens the run (retention, resume choice, logging, ...). The other ranks take only its
    /// <see cref="TrainingRunOptions.Logger"/>, <see cref="TrainingRunOptions.FileSystem"/> and
    /// <see cref="TrainingRunOptions.Checksum"/>.</summary>
    public TrainingRunOptions Run { get; init; } = new();

    /// <summary>How long a rank waits for the others: rank 0 for every rank to join and for every shard of a save, the
    /// other ranks for rank 0's session (and twice as long for its commit, so that rank 0 says first which rank is
    /// missing). Default 10 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The rank and world size these options give, from the environment where not set here.</summary>
    /// <exception cref="RunOptionsException">They are missing, not numbers, or out of range.</exception>
    internal (int Rank, int WorldSize) Resolve()
    {
        int worldSize = WorldSize ?? FromEnvironment(WorldSizeVariable) ?? 1;
        int rank = Rank ?? FromEnvironment(RankVariable) ?? 0;
        if (worldSize < 1 || worldSize > Checkpoints.ShardNames.MaxWorldSize)
        {
            throw new RunOptionsException($"The world size {worldSize} is outside 1 to {Checkpoints.ShardNames.MaxWorldSize}. Set {WorldSizeVariable} (or ShardedRunOptions.WorldSize) to the number of ranks.");
        }

        if (rank < 0 || rank >= worldSize)
        {
            throw new RunOptionsException($"The rank {rank} is not one of 0 to {worldSize - 1} (world size {worldSize}). Give each process its own {RankVariable} below {WorldSizeVariable}.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new RunOptionsException($"The timeout {Timeout} must be positive.");
        }

        return (rank, worldSize);
    }

    private static int? FromEnvironment(string variable)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new RunOptionsException($"The environment variable {variable} is '{text}', not a whole number. A launcher sets it to this process's {(variable == RankVariable ? "rank" : "number of ranks")}.");
    }
}

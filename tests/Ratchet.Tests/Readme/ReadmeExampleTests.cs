using Ratchet.History;

namespace Ratchet.Tests.Readme;

/// <summary>The README's library example compiles, runs, resumes, and is the code that is compiled here.</summary>
[Collection(CurrentDirectoryUsers.Name)] // the example uses a relative run path, so it changes the current directory
public sealed class ReadmeExampleTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _previousDirectory = Directory.GetCurrentDirectory();

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previousDirectory);
        _temp.Dispose();
    }

    [Fact]
    public void ReadmeCodeBlock_IsIdenticalToTheCompiledExample()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        int start = readme.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var block = readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)].Split('\n');

        string source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "Ratchet.Tests", "Readme", "ReadmeExample.cs"));
        var region = source.Split('\n')
            .SkipWhile(line => !line.Contains("// README:begin", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => !line.Contains("// README:end", StringComparison.Ordinal))
            .ToList();

        var usings = block.TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal)).ToList();
        usings.ShouldNotBeEmpty();
        usings.ShouldAllBe(line => source.Contains(line + "\n", StringComparison.Ordinal));
        block.Skip(usings.Count).SkipWhile(string.IsNullOrEmpty)
            .ShouldBe(region.Select(Unindent).SkipLast(region[^1].Length == 0 ? 1 : 0));
    }

    [Fact]
    public async Task Example_RunsThenResumesWithMoreEpochs()
    {
        var logger = new RecordingLogger();
        var first = new ReadmeExample(_temp.Path, logger);
        await first.TrainAsync(new ReadmeExample.Config(Hidden: 8, Epochs: 3));

        var second = new ReadmeExample(_temp.Path, logger);
        await second.TrainAsync(new ReadmeExample.Config(Hidden: 8, Epochs: 5)); // Epochs is ignored for identity

        second.LastStep.ShouldBe(50);
        var history = await LocalRuns.ReadHistoryAsync(Path.Combine(_temp.Path, "runs", "my-gan"));
        history.Select(record => record.Epoch).ShouldBe([1L, 2L, 3L, 4L, 5L]);
    }

    /// <summary>The example sits two levels deep in its class; the README shows it at the left margin.</summary>
    private static string Unindent(string line) => line.StartsWith("        ", StringComparison.Ordinal) ? line[8..] : line.TrimStart();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentDirectoryUsers
{
    public const string Name = "Current directory";
}

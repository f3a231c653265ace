using System.Diagnostics;
using System.Text.Json;

namespace Ratchet.Tests.Build;

/// <summary>The build's rules follow the project's place in the repository, not the folders holding the clone:
/// a clone under a folder named <c>src</c> must still build its tests.</summary>
public sealed class CloneLocationTests : IDisposable
{
    private static readonly string[] BuildFiles =
        ["Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt", "global.json", "src/Ratchet/Ratchet.csproj", "tests/Ratchet.Tests/Ratchet.Tests.csproj"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BannedApiRule_CloneUnderAFolderNamedSrc_AppliesToLibraryProjectsOnly()
    {
        string clone = _temp.Combine(Path.Combine("src", "ratchet"));
        foreach (string file in BuildFiles)
        {
            string target = Path.Combine(clone, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepositoryRoot.Path, file), target);
        }

        (await IsLibrarySourceAsync(Path.Combine(clone, "tests", "Ratchet.Tests", "Ratchet.Tests.csproj"))).ShouldBeFalse();
        (await IsLibrarySourceAsync(Path.Combine(clone, "src", "Ratchet", "Ratchet.csproj"))).ShouldBeTrue();
    }

    /// <summary>Evaluates the project with MSBuild (no build, no restore) and says whether the banned-API analyzer is on.</summary>
    private static async Task<bool> IsLibrarySourceAsync(string project)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "msbuild", project, "-getItem:PackageReference", "-getProperty:IsLibrarySource" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, output);
        using var document = JsonDocument.Parse(output);
        bool hasAnalyzer = document.RootElement.GetProperty("Items").TryGetProperty("PackageReference", out var references)
            && references.EnumerateArray().Any(reference => reference.GetProperty("Identity").GetString() == "Microsoft.CodeAnalysis.BannedApiAnalyzers");
        bool isLibrary = string.Equals(document.RootElement.GetProperty("Properties").GetProperty("IsLibrarySource").GetString(), "true", StringComparison.OrdinalIgnoreCase);
        isLibrary.ShouldBe(hasAnalyzer);
        return hasAnalyzer;
    }
}

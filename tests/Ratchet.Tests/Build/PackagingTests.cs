using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Ratchet.Tests.Build;

/// <summary>The packages are ready to publish: <c>dotnet pack</c> makes Ratchet, Ratchet.Testing and the ratchet tool with their
/// metadata, XML docs and Source Link, and the tool installs from the packed folder exactly as the README shows.</summary>
public sealed class PackagingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pack_ThenInstallTheToolFromTheFolder_RunsRatchetVersion()
    {
        string packages = _temp.Combine("packages");
        // Release builds into its own bin/obj folders, so packing cannot disturb the Debug build the tests run from. Each
        // packable project is packed on its own: packing the solution would also build the samples and tests in Release.
        foreach (string project in new[] { "Ratchet", "Ratchet.Testing", "Ratchet.Cli", "Ratchet.TorchSharp", "Ratchet.S3" })
        {
            await RunAsync("dotnet", "pack", Path.Combine(RepositoryRoot.Path, "src", project, $"{project}.csproj"), "-c", "Release", "-o", packages, "--nologo");
        }

        Directory.GetFiles(packages, "*.nupkg").Select(Path.GetFileName).Order().ShouldBe(
            ["Ratchet.0.1.0.nupkg", "Ratchet.Cli.0.1.0.nupkg", "Ratchet.S3.0.1.0.nupkg", "Ratchet.Testing.0.1.0.nupkg", "Ratchet.TorchSharp.0.1.0.nupkg"]);
        using (var torch = ZipFile.OpenRead(Path.Combine(packages, "Ratchet.TorchSharp.0.1.0.nupkg")))
        {
            torch.GetEntry("buildTransitive/Ratchet.TorchSharp.targets").ShouldNotBeNull("the Debian 12 loader fix reaches the package's users");
        }

        foreach (string library in new[] { "Ratchet", "Ratchet.Testing", "Ratchet.TorchSharp", "Ratchet.S3" })
        {
            using var archive = ZipFile.OpenRead(Path.Combine(packages, $"{library}.0.1.0.nupkg"));
            ShouldCarryPublishingMetadata(archive, library);
            archive.GetEntry($"lib/net10.0/{library}.xml").ShouldNotBeNull($"{library} packs its XML docs");
        }

        using (var tool = ZipFile.OpenRead(Path.Combine(packages, "Ratchet.Cli.0.1.0.nupkg")))
        {
            ShouldCarryPublishingMetadata(tool, "Ratchet.Cli");
        }

        string toolPath = _temp.Combine("tools");
        await RunAsync("dotnet", "tool", "install", "--tool-path", toolPath, "--add-source", packages, "Ratchet.Cli", "--version", "0.1.0");
        string version = await RunAsync(Path.Combine(toolPath, "ratchet"), "--version");
        version.Trim().ShouldStartWith("0.1.0");
    }

    private static void ShouldCarryPublishingMetadata(ZipArchive package, string id)
    {
        var nuspecEntry = package.Entries.Single(entry => entry.FullName == $"{id}.nuspec");
        XDocument nuspec;
        using (var stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var metadata = nuspec.Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value;
        Value("license").ShouldBe("MIT", id);
        Value("readme").ShouldBe("README.md", id);
        Value("icon").ShouldBe("icon.png", id);
        var repository = metadata.Elements().Single(element => element.Name.LocalName == "repository");
        repository.Attribute("url")!.Value.ShouldBe("https://github.com/ratchet-ml/ratchet", id);
        repository.Attribute("commit")!.Value.Length.ShouldBe(40, $"{id} names the commit it was built from (Source Link)");
        foreach (string file in new[] { "README.md", "icon.png", "LICENSE" })
        {
            package.GetEntry(file).ShouldNotBeNull($"{id} packs {file}");
        }
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}\n{output}\n{await error}");
        return output;
    }
}

using System.Text.Json.Nodes;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// The generated corpus of item 4: damaged and malicious versions of an intact checkpoint. Random choices come from
/// one seeded <see cref="Random"/>, so the corpus is the same on every run.
/// </summary>
internal static class HostileCorpus
{
    public static IEnumerable<HostileCase> Generate(int flipsPerFile, int seed = 20261121)
    {
        var random = new Random(seed);
        return [.. BitFlips(random, flipsPerFile), .. Truncations(random), .. Swaps(), .. HostileManifests(), .. Links()];
    }

    private static IEnumerable<HostileCase> BitFlips(Random random, int flipsPerFile)
    {
        foreach (string file in HostileWorkspace.VictimFiles)
        {
            string expected = file == "manifest.json" ? "manifest" : file;
            for (int i = 0; i < flipsPerFile; i++)
            {
                double position = random.NextDouble();
                int bit = random.Next(8);
                yield return new HostileCase(FaultClass.BitFlip, $"bit {bit} flipped at {position:P1} of {file}",
                    workspace => workspace.FlipBit(file, (long)(position * workspace.Read(file).Length), bit), expected);
            }
        }
    }

    private static IEnumerable<HostileCase> Truncations(Random random)
    {
        foreach (string file in HostileWorkspace.VictimFiles)
        {
            bool manifest = file == "manifest.json";
            double keep = random.NextDouble();
            byte[] garbage = new byte[1 + random.Next(64)];
            random.NextBytes(garbage);
            yield return Truncation($"{file} emptied", workspace => workspace.Write(file, []), manifest ? "manifest" : "truncated");
            yield return Truncation($"{file} short by one byte", workspace => workspace.Write(file, workspace.Read(file)[..^1]), manifest ? "manifest" : "truncated");
            yield return Truncation($"{file} cut to {keep:P0}", workspace => workspace.Write(file, workspace.Read(file)[..(int)(keep * workspace.Read(file).Length)]), manifest ? "manifest" : "truncated");
            yield return Truncation($"{file} with a zero byte appended", workspace => workspace.Write(file, [.. workspace.Read(file), 0]), manifest ? "manifest" : "longer than written");
            yield return Truncation($"{file} with {garbage.Length} random bytes appended", workspace => workspace.Write(file, [.. workspace.Read(file), .. garbage]), manifest ? "manifest" : "longer than written");
            yield return Truncation($"{file} deleted", workspace => File.Delete(workspace.VictimFile(file)), manifest ? "manifest" : "missing");
        }

        yield return Truncation("an extra file beside the parts", workspace => workspace.Write("extra.bin", [1, 2, 3]), "'extra.bin' is not listed");
        yield return Truncation("an extra directory beside the parts", workspace => Directory.CreateDirectory(workspace.VictimFile("nested")), "'nested' is not listed");
        yield return Truncation("every file deleted", workspace => Array.ForEach(Directory.GetFiles(workspace.Victim), File.Delete), "manifest");
        yield return Truncation("a part replaced by a directory", workspace =>
        {
            File.Delete(workspace.VictimFile("G.bin"));
            Directory.CreateDirectory(workspace.VictimFile("G.bin"));
        }, "not a regular file");

        static HostileCase Truncation(string name, Action<HostileWorkspace> damage, string expected) => new(FaultClass.Truncation, name, damage, expected);
    }

    private static IEnumerable<HostileCase> Swaps()
    {
        foreach (string file in HostileWorkspace.VictimFiles.Where(file => file != "manifest.json"))
        {
            yield return Swap($"{file} taken from checkpoint 1", workspace => File.Copy(Path.Combine(workspace.Donor, file), workspace.VictimFile(file), overwrite: true), file);
        }

        yield return Swap("G.bin and H.bin exchanged (same size)", workspace =>
        {
            byte[] g = workspace.Read("G.bin");
            workspace.Write("G.bin", workspace.Read("H.bin"));
            workspace.Write("H.bin", g);
        }, "G.bin");
        yield return Swap("D.bin's bytes written as G.bin", workspace => workspace.Write("G.bin", workspace.Read("D.bin")), "G.bin");
        yield return Swap("manifest taken from checkpoint 1", workspace => File.Copy(Path.Combine(workspace.Donor, "manifest.json"), workspace.VictimFile("manifest.json"), overwrite: true), "belongs in");
        yield return Swap("the whole checkpoint taken from another run", workspace =>
        {
            foreach (string file in Directory.GetFiles(workspace.Foreign))
            {
                File.Copy(file, workspace.VictimFile(Path.GetFileName(file)), overwrite: true);
            }
        }, "config signature");

        static HostileCase Swap(string name, Action<HostileWorkspace> damage, string expected) => new(FaultClass.SwappedParts, name, damage, expected);
    }

    private static IEnumerable<HostileCase> HostileManifests()
    {
        yield return Part("name '../x'", part => { part["name"] = "../x"; part["file"] = "../x.bin"; }, "parts[0].name");
        yield return Part("file '../../../outside/secret.bin'", part => part["file"] = "../../../outside/secret.bin", "parts[0].file");
        yield return Part("file '../step-0000000001/G.bin' (a sibling's part)", part => part["file"] = "../step-0000000001/G.bin", "parts[0].file");
        yield return Part("an absolute file", part => part["file"] = "/etc/passwd", "parts[0].file");
        yield return Part("a name with '/'", part => { part["name"] = "a/b"; part["file"] = "a/b.bin"; }, "parts[0].name");
        yield return Part("a hidden name", part => { part["name"] = ".G"; part["file"] = ".G.bin"; }, "parts[0].name");
        yield return Part("file 'manifest.json'", part => part["file"] = "manifest.json", "parts[0].file");
        yield return Part("an empty name", part => part["name"] = "", "parts[0].name");
        yield return Part("a 300-character name", part => { part["name"] = new string('a', 300); part["file"] = new string('a', 300) + ".bin"; }, "parts[0].name");
        yield return Part("a negative size", part => part["bytes"] = -1, "parts[0].bytes");
        yield return Part("an absurd size (2^50 + 1)", part => part["bytes"] = (1L << 50) + 1, "parts[0].bytes");
        yield return Part("a size of 1e30", part => part["bytes"] = JsonNode.Parse("1e30"), "parts[0].bytes");
        yield return Part("a size of long.MaxValue", part => part["bytes"] = long.MaxValue, "parts[0].bytes");
        yield return Part("a size one byte larger", part => part["bytes"] = part["bytes"]!.GetValue<long>() + 1, "truncated");
        yield return Part("an unknown kind", part => part["kind"] = "pickle", "parts[0].kind");
        yield return Part("a checksum of another algorithm", part => part["checksum"] = "md5:d41d8cd98f00b204e9800998ecf8427e", "parts[0].checksum");
        yield return Part("a well-formed wrong checksum", part => part["checksum"] = "crc32c:00000000", "altered");
        yield return Part("a size given as text", part => part["bytes"] = "2048", "parts[0].bytes");
        yield return Manifest("a duplicate part", body => body["parts"]!.AsArray().Add(body["parts"]![0]!.DeepClone()), "more than once");
        yield return Manifest("a step of another directory (1)", body => body["step"] = 1, "belongs in");
        yield return Manifest("a far future step", body => body["step"] = 99_999_999, "belongs in");
        yield return Manifest("a negative step", body => body["step"] = -2, "step");
        yield return Manifest("a fractional step", body => body["step"] = 2.5, "step");
        yield return Manifest("no parts field", body => body.Remove("parts"), "parts");
        yield return Manifest("parts as an object", body => body["parts"] = new JsonObject(), "parts");
        yield return Manifest("another run's signature", body => body["run_signature"] = "ffffffffffffffff", "config signature");
        yield return Manifest("a negative history length", body => body["history_length"] = -1, "history_length");
        yield return new HostileCase(FaultClass.HostileManifest, "a body that is not JSON", workspace => workspace.WriteManifestBody("{\"step\": 2, \"parts\": ["), "not valid JSON");
        yield return new HostileCase(FaultClass.HostileManifest, "a duplicate key (step)", workspace => workspace.WriteManifestBody("{\"step\": 2," + workspace.ManifestBodyText()[1..]), "not valid JSON");
        yield return new HostileCase(FaultClass.HostileManifest, "JSON nested 100,000 deep", workspace => workspace.WriteManifestBody(new string('[', 100_000)), "manifest");
        yield return new HostileCase(FaultClass.HostileManifest, "an unknown format_version (3) with a valid hash", workspace =>
        {
            string text = System.Text.Encoding.UTF8.GetString(workspace.Read("manifest.json"));
            workspace.Write("manifest.json", System.Text.Encoding.UTF8.GetBytes(text.Replace("\"format_version\":1", "\"format_version\":3", StringComparison.Ordinal)));
        }, "format_version is 3");
        yield return new HostileCase(FaultClass.HostileManifest, "a 17 MiB manifest (sparse, never read)", workspace =>
        {
            using var file = new FileStream(workspace.VictimFile("manifest.json"), FileMode.Truncate);
            file.SetLength(17L << 20);
        }, "more than any manifest");

        static HostileCase Part(string name, Action<JsonObject> change, string expected) =>
            Manifest($"part with {name}", body => change(body["parts"]![0]!.AsObject()), expected);

        static HostileCase Manifest(string name, Action<JsonObject> change, string expected) =>
            new(FaultClass.HostileManifest, $"manifest with {name}", workspace => workspace.RewriteManifest(change), expected);
    }

    private static IEnumerable<HostileCase> Links()
    {
        yield return Link("G.bin linked to the sentinel outside the run", workspace => workspace.ReplaceWithLink("G.bin", workspace.Sentinel), "symbolic link");
        yield return Link("G.bin linked to an intact copy of itself outside the run", workspace => workspace.ReplaceWithLink("G.bin", Path.Combine(workspace.OutsideCopy, "G.bin")), "symbolic link");
        yield return Link("G.bin linked by a relative path", workspace => workspace.ReplaceWithLink("G.bin", "../../../outside/secret.bin"), "symbolic link");
        yield return Link("G.bin linked to /dev/zero", workspace => workspace.ReplaceWithLink("G.bin", "/dev/zero"), "symbolic link");
        yield return Link("G.bin a dangling link", workspace => workspace.ReplaceWithLink("G.bin", Path.Combine(workspace.Outside, "missing")), "symbolic link");
        yield return Link("manifest.json linked to an intact copy outside the run", workspace => workspace.ReplaceWithLink("manifest.json", Path.Combine(workspace.OutsideCopy, "manifest.json")), "symbolic link");
        yield return Link("an extra link beside the parts", workspace => File.CreateSymbolicLink(workspace.VictimFile("extra.bin"), workspace.Sentinel), "'extra.bin' is not listed");
        yield return Link("the checkpoint directory linked to an intact copy outside the run", workspace =>
        {
            Directory.Delete(workspace.Victim, recursive: true);
            Directory.CreateSymbolicLink(workspace.Victim, workspace.OutsideCopy);
        }, "symbolic link");

        static HostileCase Link(string name, Action<HostileWorkspace> damage, string expected) => new(FaultClass.SymbolicLink, name, damage, expected);
    }
}

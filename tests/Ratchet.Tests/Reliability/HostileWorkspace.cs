using System.Text;
using System.Text.Json.Nodes;
using Ratchet.Checkpoints;
using Ratchet.Runs;
using Ratchet.Tensors;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// A real run with two intact checkpoints (steps 1 and 2) and, beside the run, a sentinel file and a directory that a
/// hostile checkpoint may point at. Each case damages step 2 (the victim) and <see cref="Restore"/> puts it back.
/// </summary>
internal sealed class HostileWorkspace : IDisposable
{
    public static readonly object Config = new { model = "hostile", hidden = 4 };

    private readonly TempDirectory _temp = new();

    private HostileWorkspace()
    {
        Directory.CreateDirectory(Outside);
        File.WriteAllBytes(Sentinel, Encoding.UTF8.GetBytes("sentinel: outside the run, never to be read"));
    }

    public string Run => _temp.Combine("run");

    public string Outside => _temp.Combine("outside");

    /// <summary>A file outside the run that no case may cause to be read or written.</summary>
    public string Sentinel => Path.Combine(Outside, "secret.bin");

    public string Donor => Path.Combine(Run, "checkpoints", Ratchet.Storage.RunLayout.CheckpointName(1));

    public string Victim => Path.Combine(Run, "checkpoints", Ratchet.Storage.RunLayout.CheckpointName(2));

    /// <summary>An intact copy of the victim outside the run (a symbolic link may point at it).</summary>
    public string OutsideCopy => Path.Combine(Outside, "step-copy");

    /// <summary>An intact checkpoint of step 2 from a run with another config signature.</summary>
    public string Foreign => _temp.Combine("foreign", "checkpoints", Ratchet.Storage.RunLayout.CheckpointName(2));

    private string Pristine => _temp.Combine("pristine");

    public static string[] VictimFiles => ["manifest.json", "G.bin", "H.bin", "D.bin", "state.json", "T.safetensors"];

    public static async Task<HostileWorkspace> CreateAsync()
    {
        var workspace = new HostileWorkspace();
        await using (var run = await TrainingRun.OpenAsync(workspace.Run, Config, new TrainingRunOptions { HandleStopSignals = false }))
        {
            await run.SaveAsync(Content(1));
            await run.SaveAsync(Content(2));
        }

        await new CheckpointManager(Path.GetDirectoryName(workspace.Foreign)!, new CheckpointManagerOptions { RunSignature = "0123456789abcdef" })
            .SaveAsync(Content(2));
        Copy(workspace.Victim, workspace.Pristine);
        Copy(workspace.Victim, workspace.OutsideCopy);
        return workspace;
    }

    private static CheckpointContent Content(long step) =>
        new CheckpointContent(step, step)
            .AddBytes("G", SimulatedRun.Payload(step, 2048))
            .AddBytes("H", SimulatedRun.Payload(step + 100, 2048))
            .AddBytes("D", SimulatedRun.Payload(step + 200, 1000))
            .AddJson("state", new { step, seed = 7 })
            .AddTensors("T", new TensorSet().Add("w", [2L, 3L], new float[] { 1, 2, 3, 4, 5, step }))
            .SetMetric("loss", 1.0 / step);

    /// <summary>Puts the intact victim back (removing a link in its place without following it).</summary>
    public void Restore()
    {
        var victim = new DirectoryInfo(Victim);
        if (victim.LinkTarget is not null)
        {
            victim.Delete();
        }
        else if (victim.Exists)
        {
            victim.Delete(recursive: true);
        }

        Copy(Pristine, Victim);
    }

    public string VictimFile(string name) => Path.Combine(Victim, name);

    public string PristineFile(string name) => Path.Combine(Pristine, name);

    public byte[] Read(string name) => File.ReadAllBytes(VictimFile(name));

    public void Write(string name, byte[] bytes) => File.WriteAllBytes(VictimFile(name), bytes);

    public void FlipBit(string name, long offset, int bit)
    {
        byte[] bytes = Read(name);
        bytes[offset] ^= (byte)(1 << bit);
        Write(name, bytes);
    }

    /// <summary>Rewrites the victim's manifest body and wraps it in a valid envelope, so only the body's content can
    /// give it away.</summary>
    public void RewriteManifest(Action<JsonObject> change)
    {
        var body = JsonNode.Parse(ManifestEnvelope.Unwrap(Read("manifest.json"), VictimFile("manifest.json")).Body.Span)!.AsObject();
        change(body);
        Write("manifest.json", ManifestEnvelope.Wrap(Encoding.UTF8.GetBytes(body.ToJsonString())));
    }

    public string ManifestBodyText() => Encoding.UTF8.GetString(ManifestEnvelope.Unwrap(Read("manifest.json"), VictimFile("manifest.json")).Body.Span);

    /// <summary>Wraps raw body text in a valid envelope.</summary>
    public void WriteManifestBody(string body) => Write("manifest.json", ManifestEnvelope.Wrap(Encoding.UTF8.GetBytes(body)));

    public void ReplaceWithLink(string name, string target)
    {
        File.Delete(VictimFile(name));
        File.CreateSymbolicLink(VictimFile(name), target);
    }

    public void Dispose() => _temp.Dispose();

    private static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace Ratchet.Cli.Tests.Commands;

/// <summary><c>ratchet export</c>: adopt, export, then load in real PyTorch gives the original tensors and values, the
/// pickle names only what weights_only allows, entries are stored and aligned, and AdamW takes the optimizer state.</summary>
public sealed class ExportCommandTests : IDisposable
{
    /// <summary>Loads an export and the original file with torch and reports what differs, the pickle's globals and
    /// protocol, the zip layout, and an AdamW round trip of the optimizer state.</summary>
    private const string Oracle = """
        import hashlib, json, pickletools, struct, zipfile
        exported, original = sys.argv[1], sys.argv[2]
        def sha(t): return hashlib.sha256(t.contiguous().numpy().tobytes()).hexdigest()
        def leaves(value, path=""):
            if isinstance(value, dict):
                for k, v in value.items(): yield from leaves(v, f"{path}.{k}" if path else str(k))
            elif isinstance(value, (list, tuple)):
                for i, v in enumerate(value): yield from leaves(v, f"{path}[{i}]")
            else: yield path, value
        def flat(obj): return {k: (sha(v), str(v.dtype), list(v.shape)) if torch.is_tensor(v) else v for k, v in leaves(obj)}
        a, b = torch.load(exported), torch.load(original)
        keys = ["model", "iteration", "optimizer", "learning_rate"] + (["scaler"] if "scaler" in b else [])
        fa, fb = flat({k: a[k] for k in a}), flat({k: b[k] for k in keys})
        differences = sorted(k for k in set(fa) | set(fb) if fa.get(k) != fb.get(k))
        z = zipfile.ZipFile(exported); raw = open(exported, "rb").read()
        pickle_name = [n for n in z.namelist() if n.endswith("/data.pkl")][0]
        globals_, protocol = set(), None
        for op, arg, pos in pickletools.genops(z.read(pickle_name)):
            if op.name == "PROTO": protocol = arg
            if op.name in ("GLOBAL", "STACK_GLOBAL", "INST"): globals_.add(arg)
        aligned = all((i.header_offset + 30 + sum(struct.unpack("<HH", raw[i.header_offset + 26:i.header_offset + 30]))) % 64 == 0 for i in z.infolist() if "/data/" in i.filename)
        stored = all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
        state = a["optimizer"]["state"]
        params = [torch.zeros_like(state[i]["exp_avg"]) for i in sorted(state)]
        optimizer = torch.optim.AdamW(params, lr=1e-4, betas=(0.8, 0.99))
        optimizer.load_state_dict(a["optimizer"])
        loaded = optimizer.state_dict()["state"]
        adamw = all(sha(loaded[i][name]) == sha(b["optimizer"]["state"][i][name]) for i in b["optimizer"]["state"] for name in ("exp_avg", "exp_avg_sq"))
        print(json.dumps({"keys": list(a), "differences": differences, "globals": sorted(globals_), "protocol": protocol,
                          "aligned": aligned, "stored": stored, "adamw": adamw, "state_keys_are_ints": all(type(k) is int for k in state)}))
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("applio/clean/logs/myvoice", "3000", "G_3000.pth", "D_3000.pth", false)]
    [InlineData("rvc/latest-legacy/logs/myvoice", "20", "G_2333333.pth", "D_2333333.pth", true)]
    public async Task Export_AdoptedFolder_LoadsInRealPyTorchAsTheOriginalFiles(string folder, string step, string g, string d, bool latest)
    {
        string source = ForeignCorpus.Combine(folder);
        string run = _temp.Combine("run");
        string output = _temp.Combine("out");
        (await Cli.RunAsync("adopt", "applio", source, "--run", run)).ExitCode.ShouldBe(0);

        string[] arguments = ["export", run, "--format", "applio", "--out", output, "--checkpoint", step, .. latest ? new[] { "--latest" } : []];
        var result = await Cli.RunAsync(arguments);

        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (string file in new[] { g, d })
        {
            var report = await PythonTorch.RunAsync(Oracle, Path.Combine(output, file), Path.Combine(source, file));
            report.GetProperty("differences").GetArrayLength().ShouldBe(0, report.ToString());
            report.GetProperty("globals").EnumerateArray().Select(name => name.GetString()).ShouldBe(
                ["collections OrderedDict", "torch FloatStorage", "torch._utils _rebuild_tensor_v2"], ignoreOrder: true);
            report.GetProperty("protocol").GetInt32().ShouldBe(2);
            report.GetProperty("aligned").GetBoolean().ShouldBeTrue();
            report.GetProperty("stored").GetBoolean().ShouldBeTrue();
            report.GetProperty("adamw").GetBoolean().ShouldBeTrue();
            report.GetProperty("state_keys_are_ints").GetBoolean().ShouldBeTrue();
            report.GetProperty("keys").EnumerateArray().Select(key => key.GetString()).Take(4).ShouldBe(["model", "iteration", "optimizer", "learning_rate"]);
        }
    }

    [Fact]
    public async Task Export_ExistingFile_IsNeverOverwritten()
    {
        string run = await AdoptCleanAsync();
        string output = _temp.Combine("out");
        (await Cli.RunAsync("export", run, "--format", "applio", "--out", output)).ExitCode.ShouldBe(0);
        byte[] before = await File.ReadAllBytesAsync(Path.Combine(output, "G_3000.pth"));

        var again = await Cli.RunAsync("export", run, "--format", "applio", "--out", output);

        again.ExitCode.ShouldBe(4, again.ToString());
        again.Error.ShouldContain("never overwrites");
        (await File.ReadAllBytesAsync(Path.Combine(output, "G_3000.pth"))).ShouldBe(before);
    }

    [Fact]
    public async Task Export_FolderHoldingAFileApplioWouldPickInstead_IsRefusedNamingIt()
    {
        string run = await AdoptCleanAsync();
        string output = _temp.Combine("out");
        Directory.CreateDirectory(output);
        await File.WriteAllBytesAsync(Path.Combine(output, "G_2333333.pth"), [1, 2, 3]);

        var result = await Cli.RunAsync("export", run, "--format", "applio", "--out", output);

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Error.ShouldContain("G_2333333.pth' would be picked by Applio");
        File.Exists(Path.Combine(output, "G_3000.pth")).ShouldBeFalse();
    }

    [Fact]
    public async Task Export_RunNotAdoptedFromApplio_NamesTheMissingParts()
    {
        string run = _temp.Combine("plain");
        await using (var training = await Ratchet.Runs.TrainingRun.OpenAsync(run, new { model = "x" }, new Ratchet.Runs.TrainingRunOptions { HandleStopSignals = false }))
        {
            await training.SaveAsync(new Ratchet.Checkpoints.CheckpointContent(10, 1).AddBytes("G", new byte[] { 1 }));
        }

        var result = await Cli.RunAsync("export", run, "--format", "applio", "--out", _temp.Combine("out"));

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain("'optim.G'");
        result.Error.ShouldContain("ratchet adopt applio");
    }

    [Fact]
    public async Task Export_DiskFullMidFile_LeavesNoFileUnderAFinalName()
    {
        string run = await AdoptCleanAsync();
        string output = _temp.Combine("full");
        Directory.CreateDirectory(output);
        await MountAsync("mount", "-t", "tmpfs", "-o", "size=40k", "tmpfs", output);
        try
        {
            var result = await Cli.RunAsync("export", run, "--format", "applio", "--out", output);

            result.ExitCode.ShouldBe(5, result.ToString());
            Directory.GetFiles(output).ShouldBeEmpty("neither the final name nor a temporary file may remain");
        }
        finally
        {
            await MountAsync("umount", output);
        }
    }

    private async Task<string> AdoptCleanAsync()
    {
        string run = _temp.Combine("run");
        (await Cli.RunAsync("adopt", "applio", ForeignCorpus.Combine("applio/clean/logs/myvoice"), "--run", run)).ExitCode.ShouldBe(0);
        return run;
    }

    /// <summary>A small tmpfs is a real full disk; mounting needs root, which the test machine runs as.</summary>
    private static async Task MountAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program} failed (the test needs root): {error}");
    }
}

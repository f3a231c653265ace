using Ratchet.PyTorch;

namespace Ratchet.Tests.PyTorch;

/// <summary>Hostile and damaged files are refused with a reason, quickly, and nothing in them runs.</summary>
public sealed class PyTorchHostileTests
{
    /// <summary>The file os-system.pth would create if any of its code ran.</summary>
    private const string PwnedMarker = "/tmp/ratchet-pwned";

    public static TheoryData<string> HostileFiles => ExpectedCorpus.Hostile();

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Open_HostileFile_IsRefusedAndRunsNothing(string relative)
    {
        File.Delete(PwnedMarker);
        string path = ForeignCorpus.Combine(relative);

        var error = Should.Throw<PyTorchRefusedException>(() => PyTorchFile.Open(path).Dispose());

        error.Message.ShouldContain(path);
        error.Message.ShouldContain("Nothing in it was run");
        File.Exists(PwnedMarker).ShouldBeFalse();
    }

    [Theory]
    [InlineData("hostile/os-system.pth", "posix.system")]
    [InlineData("hostile/builtins-eval.pth", "builtins.eval")]
    [InlineData("hostile/subprocess-newobj.pth", "subprocess.Popen")]
    public void Open_FileNamingCodeThatRuns_NamesTheGlobal(string relative, string global)
    {
        var error = Should.Throw<PyTorchRefusedException>(() => PyTorchFile.Open(ForeignCorpus.Combine(relative)).Dispose());

        error.Globals.ShouldBe([global]);
        error.Message.ShouldContain("hostile");
    }

    [Theory]
    [InlineData("hostile/memo-out-of-range.pth", "memo entry 7")]
    [InlineData("hostile/huge-string-length.pth", "only")]
    [InlineData("hostile/setitem-on-list.pth", "not a dict")]
    [InlineData("hostile/storage-size-mismatch.pth", "1000000 float32 elements")]
    [InlineData("hostile/torchscript.pt", "TorchScript")]
    [InlineData("hostile/legacy-module-persid.pth", "os.system")]
    public void Open_MalformedFile_SaysWhatIsWrong(string relative, string reason)
    {
        var error = Should.Throw<PyTorchRefusedException>(() => PyTorchFile.Open(ForeignCorpus.Combine(relative)).Dispose());

        error.Message.ShouldContain(reason);
    }

    [Fact]
    public void Open_TornZip_IsDamagedNotRefused()
    {
        var error = Should.Throw<PyTorchDamagedException>(() => PyTorchFile.Open(ForeignCorpus.Combine("applio/torn/logs/myvoice/G_3000.pth")).Dispose());

        error.Message.ShouldContain("no zip central directory");
    }

    [Fact]
    public void Open_LegacyFileCutShort_IsDamaged()
    {
        using var temp = new TempDirectory();
        string source = ForeignCorpus.Combine("tensors/views-and-dtypes-legacy.pt");
        string torn = temp.Combine("torn.pt");
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(torn, bytes[..(bytes.Length - 10)]);

        Should.Throw<PyTorchDamagedException>(() => PyTorchFile.Open(torn).Dispose()).Message.ShouldContain("past the end");
    }

    [Fact]
    public void Leaves_ListThatContainsItself_IsRefusedNotAStackOverflow()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("cycle.pt");
        // EMPTY_LIST, BINPUT 0, BINGET 0, APPEND: a list holding itself.
        File.WriteAllBytes(path, Legacy([0x5d, 0x71, 0x00, 0x68, 0x00, 0x61]));
        using var file = PyTorchFile.Open(path);

        Should.Throw<PyTorchRefusedException>(() => file.Leaves()).Message.ShouldContain("nests deeper");
    }

    [Fact]
    public void Open_LegacyPersistentIdThatIsNotAStorage_IsRefused()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("module.pt");
        // MARK, 'module', 'x', TUPLE, BINPERSID: the kind of id that carries a module's source code.
        File.WriteAllBytes(path, Legacy([0x28, 0x8c, 0x06, .. "module"u8, 0x8c, 0x01, (byte)'x', 0x74, 0x51]));

        Should.Throw<PyTorchRefusedException>(() => PyTorchFile.Open(path).Dispose()).Message.ShouldContain("of kind 'module', not a storage");
    }

    /// <summary>A legacy torch.save stream around one object pickle (<paramref name="body"/> without PROTO and STOP) and no storages.</summary>
    private static byte[] Legacy(byte[] body) =>
    [
        0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e, // the magic number
        0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e, // protocol 1001
        0x80, 0x02, 0x7d, 0x2e, // system info: {}
        0x80, 0x02, .. body, 0x2e,
        0x80, 0x02, 0x5d, 0x2e, // storage keys: []
    ];
}

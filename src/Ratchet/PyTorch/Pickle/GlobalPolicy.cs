namespace Ratchet.PyTorch.Pickle;

/// <summary>What a pickle may name. Nothing is ever imported or called; the policy only decides whether a name is
/// one of the few whose meaning Ratchet rebuilds itself (<see cref="IsAllowed"/>), one that could run code and refuses
/// the file in every mode (<see cref="IsHostile"/>), or any other class, shown as an opaque object. The hostile list
/// follows what model-hub scanners flag, and is kept broad on purpose (docs/pytorch.md, "What is refused").</summary>
internal static class GlobalPolicy
{
    /// <summary>Modules whose every member (and submodule) can touch the system, load code or call arbitrary functions.</summary>
    private static readonly string[] HostileModules =
    [
        "os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "runpy", "importlib", "pickle", "_pickle", "marshal",
        "code", "codeop", "ctypes", "pty", "webbrowser", "multiprocessing", "asyncio", "threading", "_thread", "signal",
        "pdb", "bdb", "platform", "tempfile", "pathlib", "io", "_io", "glob", "fileinput", "http", "urllib", "ftplib",
        "smtplib", "telnetlib", "requests", "aiohttp", "httplib", "commands", "popen2", "pip", "setuptools", "distutils",
        "site", "zipimport", "pkgutil", "types", "inspect", "operator", "functools", "dill", "cloudpickle", "joblib",
        "numpy.testing", "numpy.f2py", "numpy.distutils", "torch.hub", "torch.jit", "torch.package", "torch.utils.cpp_extension",
    ];

    /// <summary>Single members of otherwise harmless modules that evaluate, compile, import, open or reach attributes.</summary>
    private static readonly HashSet<string> HostileMembers = new(StringComparer.Ordinal)
    {
        "builtins.eval", "builtins.exec", "builtins.compile", "builtins.getattr", "builtins.setattr", "builtins.delattr",
        "builtins.__import__", "builtins.open", "builtins.input", "builtins.globals", "builtins.locals", "builtins.vars",
        "builtins.breakpoint", "builtins.apply", "builtins.execfile", "builtins.file", "builtins.reload", "builtins.help",
        "builtins.exit", "builtins.quit",
        "torch.load", "torch.storage._load_from_bytes", "torch.serialization.load", "torch._C._load_for_lite_interpreter",
        "torch.classes.load_library", "torch.ops.load_library", "numpy.load", "numpy.loadtxt", "numpy.fromfile",
        "torch._utils._rebuild_from_type_v2", "torch._tensor._rebuild_from_type_v2",
    };

    /// <summary>Builtins that only build containers; called, they make the container.</summary>
    internal static readonly HashSet<string> ContainerBuiltins = new(StringComparer.Ordinal)
    {
        "builtins.dict", "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset",
    };

    /// <summary>The globals a checkpoint needs, rebuilt by Ratchet's own code.</summary>
    private static readonly HashSet<string> AllowedFunctions = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
        "torch.device", "torch.Size", "_codecs.encode",
    };

    /// <summary>Python 2 names and Python 3 names for the same builtins module.</summary>
    public static string Canonical(string module, string name) =>
        (module is "__builtin__" ? "builtins" : module) + "." + name;

    public static bool IsHostile(string fullName, string module)
    {
        if (HostileMembers.Contains(fullName))
        {
            return true;
        }

        string root = module is "__builtin__" ? "builtins" : module;
        return HostileModules.Any(hostile => root == hostile || root.StartsWith(hostile + ".", StringComparison.Ordinal));
    }

    public static bool IsAllowed(string fullName) =>
        AllowedFunctions.Contains(fullName) || ContainerBuiltins.Contains(fullName) || IsStorageClass(fullName, out _);

    /// <summary>Whether the name is a typed storage class such as <c>torch.FloatStorage</c>, and its dtype.</summary>
    public static bool IsStorageClass(string fullName, out PyTorchDType dtype)
    {
        dtype = default;
        return fullName.StartsWith("torch.", StringComparison.Ordinal) && fullName.IndexOf('.', 6) < 0
            && PyTorchDTypes.TryFromStorageClass(fullName[6..], out dtype);
    }
}

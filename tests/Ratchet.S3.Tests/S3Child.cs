namespace Ratchet.S3.Tests;

/// <summary>Starts tests/Ratchet.S3.TestChild against the Ceph gateway, configured the standard AWS way
/// (environment variables), optionally with a wrong secret or endpoint.</summary>
internal static class S3Child
{
    public static ChildProcess Start(CephFixture ceph, params string[] arguments) => Start(ceph, overrides: null, arguments);

    public static ChildProcess Start(CephFixture ceph, IReadOnlyDictionary<string, string?>? overrides, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = ceph.Gateway.Endpoint,
            ["AWS_ACCESS_KEY_ID"] = ceph.Gateway.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = ceph.Gateway.SecretKey,
            ["AWS_REGION"] = ceph.Gateway.Region,
            ["AWS_PROFILE"] = null,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return ChildProcess.StartDllWithEnvironment(Dll(), environment, arguments);
    }

    private static string Dll()
    {
        // tests/Ratchet.S3.Tests/bin/<configuration>/<tfm>/ → tests/Ratchet.S3.TestChild/bin/<configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string dll = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "Ratchet.S3.TestChild", "bin", output.Parent.Name, output.Name, "Ratchet.S3.TestChild.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build tests/Ratchet.S3.TestChild first; expected '{dll}'.");
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Ratchet.TestSupport;

/// <summary>A real S3 engine for tests: a throwaway single-node Ceph cluster with its RADOS Gateway on a free
/// 127.0.0.1 port, started by <c>scripts/ceph-s3.sh</c> in a fresh temporary directory and removed on dispose.
/// Missing Ceph packages fail the test, saying what to install; it never skips.</summary>
public sealed class CephGateway : IDisposable
{
    private const string Packages = "radosgw ceph-mon ceph-osd";

    // The gateway's own wait gives up after 60 s and explains; this only guards against a script that hangs.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private static readonly string[] Daemons = ["/usr/bin/ceph-mon", "/usr/bin/ceph-osd", "/usr/bin/radosgw"];

    private readonly string _directory;

    private CephGateway(string directory, IReadOnlyDictionary<string, string> environment)
    {
        _directory = directory;
        Endpoint = Required(environment, "AWS_ENDPOINT_URL");
        AccessKey = Required(environment, "AWS_ACCESS_KEY_ID");
        SecretKey = Required(environment, "AWS_SECRET_ACCESS_KEY");
        Region = Required(environment, "AWS_REGION");
    }

    /// <summary>The gateway's address, <c>http://127.0.0.1:PORT</c>; use path-style bucket addressing.</summary>
    public string Endpoint { get; }

    /// <summary>The access key of the one S3 user the cluster has.</summary>
    public string AccessKey { get; }

    /// <summary>The secret key of that user.</summary>
    public string SecretKey { get; }

    /// <summary>The region to sign requests for (Ceph accepts any; the script says <c>us-east-1</c>).</summary>
    public string Region { get; }

    /// <summary>Starts a new cluster; takes 2 to 4 s.</summary>
    public static CephGateway Start()
    {
        string[] missing = [.. Daemons.Where(path => !File.Exists(path))];
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"A real S3 engine needs Ceph, and {string.Join(", ", missing)} is missing: install Debian's {Packages} "
                + $"(apt-get install {Packages}); ./test.sh does.");
        }

        // Short on purpose: the daemons' admin sockets live inside, and a Unix socket path holds at most 107 bytes.
        string directory = Path.Combine(Path.GetTempPath(), "ratchet-ceph", Guid.NewGuid().ToString("N")[..12]);
        int exitCode;
        string output, error;
        try
        {
            // The cluster also stops itself when this process exits without disposing it (a crash, a killed test run).
            (exitCode, output, error) = RunScript("start", directory, StartLimit, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
        catch
        {
            RunScript("stop", directory, StartLimit);
            throw;
        }

        if (exitCode != 0)
        {
            string logs = LogTails(directory);
            RunScript("stop", directory, StartLimit);
            throw new InvalidOperationException(
                $"The Ceph S3 gateway did not start (scripts/ceph-s3.sh start exited with {exitCode}):\n{error}\n{output}\n{logs}");
        }

        try
        {
            return new CephGateway(directory, ParseExports(output));
        }
        catch
        {
            RunScript("stop", directory, StartLimit);
            throw;
        }
    }

    /// <summary>Kills the daemons and removes the cluster's directory, data and logs included.</summary>
    public void Dispose() => RunScript("stop", _directory, StartLimit);

    private static string Required(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out string? value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"scripts/ceph-s3.sh start printed no {name}; it printed: {string.Join(", ", environment.Keys)}.");

    private static Dictionary<string, string> ParseExports(string output)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            const string Prefix = "export ";
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith(Prefix, StringComparison.Ordinal) && equals > Prefix.Length)
            {
                environment[line[Prefix.Length..equals]] = line[(equals + 1)..];
            }
        }

        return environment;
    }

    // The cluster's logs die with its directory, so a failed start copies their ends into the exception first.
    private static string LogTails(string directory)
    {
        string logs = Path.Combine(directory, "log");
        if (!Directory.Exists(logs))
        {
            return "";
        }

        return string.Join('\n', Directory.GetFiles(logs).Order(StringComparer.Ordinal).Select(file =>
            $"--- {Path.GetFileName(file)} (last lines) ---\n{string.Join('\n', File.ReadLines(file).TakeLast(15))}"));
    }

    private static (int ExitCode, string Output, string Error) RunScript(string command, string directory, TimeSpan limit, params string[] more)
    {
        var info = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "scripts", "ceph-s3.sh"));
        info.ArgumentList.Add(command);
        info.ArgumentList.Add(directory);
        foreach (string argument in more)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/ceph-s3.sh {command} {directory} did not finish within {limit.TotalSeconds} s.");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}

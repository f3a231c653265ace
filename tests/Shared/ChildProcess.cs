using System.Diagnostics;

namespace Ratchet.TestSupport;

/// <summary>Runs a .NET program of this repository as a real child process, to kill it, signal it or lock
/// against it, and collects what it prints (standard output and error, line by line).</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<string> _errors = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(e.Data);
            }

            _lineArrived.Release();
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.Add(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Everything printed on standard output so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Everything printed on standard error so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Starts tests/Ratchet.TestChild with the given arguments.</summary>
    public static ChildProcess Start(params string[] arguments) => StartDll(TestChildDll(), arguments);

    /// <summary>Starts a program from its dll with the given arguments.</summary>
    public static ChildProcess StartDll(string dll, params string[] arguments) => StartDllWithEnvironment(dll, new Dictionary<string, string?>(), arguments);

    /// <summary>Starts a program from its dll with the given arguments and environment variables set (null removes one).</summary>
    public static ChildProcess StartDllWithEnvironment(string dll, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        StartDllIn(null, dll, environment, arguments);

    /// <summary>Starts a program from its dll in <paramref name="workingDirectory"/> (null: this process's), with the
    /// given environment variables set (null removes one).</summary>
    public static ChildProcess StartDllIn(string? workingDirectory, string dll, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(info)!);
    }

    /// <summary>Waits until the child prints a line starting with <paramref name="prefix"/>.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (FindLine(prefix) is { } found)
            {
                return found;
            }

            // WaitForExit() without a timeout also waits until the redirected output is drained: with a timeout it
            // may return while the child's last lines are still in the pipe, and the line looked for is among them.
            if (_process.HasExited)
            {
                _process.WaitForExit();
                return FindLine(prefix) ?? throw new InvalidOperationException($"The child exited ({_process.ExitCode}) before printing '{prefix}'. Output: {string.Join(" | ", _lines)}");
            }

            await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"The child did not print '{prefix}'. Output: {string.Join(" | ", _lines)}");
    }

    public void KillHard()
    {
        _process.Kill(); // SIGKILL on Unix: no finally blocks, no flush
        _process.WaitForExit();
    }

    public void Signal(int signal) => _ = Kill(_process.Id, signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    private string? FindLine(string prefix)
    {
        lock (_lines)
        {
            return _lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private static string TestChildDll()
    {
        // tests/Ratchet.Tests/bin/<configuration>/<tfm>/ → tests/Ratchet.TestChild/bin/<configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = output.Name;
        string configuration = output.Parent!.Name;
        string tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        string dll = Path.Combine(tests, "Ratchet.TestChild", "bin", configuration, tfm, "Ratchet.TestChild.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build tests/Ratchet.TestChild first; expected '{dll}'.");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

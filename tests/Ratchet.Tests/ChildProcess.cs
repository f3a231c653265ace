using System.Diagnostics;

namespace Ratchet.Tests;

/// <summary>Runs tests/Ratchet.TestChild as a real process, to kill it, signal it or lock against it.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
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
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Every line the child printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public static ChildProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ChildDll());
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
            lock (_lines)
            {
                if (_lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }
            }

            if (_process.HasExited && _process.WaitForExit(100) && !_lines.Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"The child exited ({_process.ExitCode}) before printing '{prefix}'. Output: {string.Join(" | ", _lines)}");
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
        return _process.ExitCode;
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

    private static string ChildDll()
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

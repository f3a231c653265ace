using System.Diagnostics;

namespace Ratchet.Tests.Reliability;

/// <summary>
/// A real 8 MiB file system (tmpfs) mounted on a fresh directory, when the test process may mount one (root on
/// Linux). When mounting is refused, <see cref="Mounted"/> is false and <see cref="Refusal"/> says why; the tests then
/// fill a simulated 8 MiB volume instead, so they still check the same behaviour.
/// </summary>
public sealed class SmallVolume : IDisposable
{
    public const long Size = 8 << 20;

    private readonly TempDirectory _temp = new();

    public SmallVolume()
    {
        Path = _temp.Combine("volume");
        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsLinux())
        {
            Refusal = "tmpfs needs Linux";
            return;
        }

        var (code, text) = Run("mount", "-t", "tmpfs", "-o", $"size={Size}", "tmpfs", Path);
        Mounted = code == 0;
        Refusal = Mounted ? null : $"mount exited with {code}: {text.Trim()}";
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public bool Mounted { get; }

    public string? Refusal { get; }

    public void Dispose()
    {
        if (Mounted)
        {
            Run("umount", Path);
        }

        _temp.Dispose();
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace Ratchet.TestSupport;

/// <summary>Real PyTorch as an independent oracle: runs a script with Debian's python3 (which has python3-torch) and returns
/// the JSON it prints last. Missing python or torch fails the test, saying what to install; it never skips.</summary>
internal static class PythonTorch
{
    private const string Python = "/usr/bin/python3";

    public static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: install Debian's python3-torch (apt-get install python3-torch); ./test.sh does.");
        }

        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import sys\ntry:\n    import torch\nexcept ImportError:\n    sys.exit(97)\n" + script);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode == 97)
        {
            throw new InvalidOperationException("PyTorch is not importable by /usr/bin/python3: install Debian's python3-torch (apt-get install python3-torch); ./test.sh does.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The PyTorch oracle failed (exit {process.ExitCode}):\n{await error}\n{output}");
        }

        string last = output.TrimEnd().Split('\n')[^1];
        using var document = JsonDocument.Parse(last);
        return document.RootElement.Clone();
    }
}

namespace Ratchet.PyTorch.Folders;

/// <summary>Opens one file of a foreign folder and classifies it: a damaged or refused file becomes a status with its
/// reason instead of an exception, so one bad file never hides what the others hold.</summary>
internal static class ForeignFileReader
{
    /// <summary>Opens the file and applies <paramref name="check"/> (which reads the epoch and throws
    /// <see cref="PyTorchRefusedException"/> when the content the role needs is missing or opaque).</summary>
    public static ForeignFile Classify(string directory, string path, ForeignFileRole role, Func<PyTorchFile, long?> check, IProgress<long>? progress = null)
    {
        try
        {
            return Read(directory, path, role, check);
        }
        finally
        {
            progress?.Report(new FileInfo(path).Length);
        }
    }

    private static ForeignFile Read(string directory, string path, ForeignFileRole role, Func<PyTorchFile, long?> check)
    {
        string relative = Path.GetRelativePath(directory, path);
        try
        {
            using var file = PyTorchFile.Open(path);
            return new ForeignFile(relative, role, check(file), ForeignFileStatus.Intact, null);
        }
        catch (PyTorchDamagedException error)
        {
            return new ForeignFile(relative, role, null, ForeignFileStatus.Damaged, Reason(error.Message, path));
        }
        catch (PyTorchRefusedException error)
        {
            return new ForeignFile(relative, role, null, ForeignFileStatus.Refused, Reason(error.Message, path));
        }
        catch (IOException error)
        {
            return new ForeignFile(relative, role, null, ForeignFileStatus.Damaged, $"it cannot be read: {error.Message}");
        }
    }

    /// <summary>The reason without the file name the message starts with (the report names the file already).</summary>
    private static string Reason(string message, string path)
    {
        foreach (string prefix in new[] { $"'{path}' is damaged: ", $"'{path}' was refused: ", $"'{path}' " })
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return message[prefix.Length..];
            }
        }

        return message;
    }
}

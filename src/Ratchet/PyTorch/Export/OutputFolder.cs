using Ratchet.PyTorch.Folders;

namespace Ratchet.PyTorch.Export;

/// <summary>Checks an export's destination as <c>inspect</c> would: no file is overwritten, and no G/D file already there
/// would win Applio's pick (the largest digits in the name) over the exported pair.</summary>
internal static class OutputFolder
{
    public static void EnsureClear(string directory, IReadOnlyList<string> targets)
    {
        if (targets.FirstOrDefault(File.Exists) is { } existing)
        {
            throw new CheckpointConflictException($"'{existing}' already exists; export never overwrites. Move it away or export into another folder.");
        }

        foreach (string role in new[] { "G", "D" })
        {
            string target = Path.GetFileName(targets[role == "G" ? 0 : 1]);
            var winner = Directory.EnumerateFiles(directory, $"{role}_*.pth")
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => ApplioNames.DigitRank(name) >= ApplioNames.DigitRank(target))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            if (winner is not null)
            {
                throw new CheckpointConflictException(
                    $"'{Path.Combine(directory, winner)}' would be picked by Applio instead of the exported {target} (it ranks files by the digits in their names). "
                    + "Move it out of the folder, or export into an empty folder.");
            }
        }
    }
}

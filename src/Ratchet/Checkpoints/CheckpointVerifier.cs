using Ratchet.Checksums;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>Examines a checkpoint directory and says whether it can be trusted and, if not, everything that is
/// wrong with it. Reads only; never follows a symbolic link; never reads outside the directory.</summary>
internal sealed class CheckpointVerifier(IRunStore store)
{
    /// <summary>A manifest is a few kilobytes; anything past this is not one, and is not read into memory.</summary>
    public const long MaxManifestLength = 16 << 20;

    public async Task<CheckpointStatus> InspectAsync(
        string name, VerificationLevel level, string? expectedSignature, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var listing = await store.ListCheckpointFilesAsync(name, cancellationToken).ConfigureAwait(false);
        var manifest = await ReadManifestAsync(name, listing, problems, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return new CheckpointStatus(name, store.Describe(name), null, CheckpointState.Damaged, problems) { StoredBytes = StoredBytes(listing) };
        }

        CheckIdentity(name, manifest, expectedSignature, problems);
        var files = CheckFiles(listing.Files, manifest, problems);
        if (level == VerificationLevel.Full)
        {
            foreach (var part in manifest.Parts.Where(files.Contains))
            {
                await CheckContentAsync(name, part, problems, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        var state = problems.Count > 0 ? CheckpointState.Damaged
            : level == VerificationLevel.Full ? CheckpointState.Intact : CheckpointState.Unverified;
        return new CheckpointStatus(name, store.Describe(name), manifest, state, problems) { StoredBytes = StoredBytes(listing) };
    }

    private static long StoredBytes(CheckpointFiles listing) =>
        listing.Files.Where(file => file.Kind == FileSystemEntryKind.File).Sum(file => file.Length);

    private async Task<CheckpointManifest?> ReadManifestAsync(string name, CheckpointFiles listing, List<string> problems, CancellationToken cancellationToken)
    {
        if (listing.Kind != FileSystemEntryKind.Directory)
        {
            problems.Add(listing.Kind is not { } kind ? "The directory does not exist." : $"It is a {Describe(kind)}, not a directory.");
            return null;
        }

        string manifestPath = store.Describe(name, PartNames.ManifestFile);
        var entry = listing.Files.FirstOrDefault(file => file.Name == PartNames.ManifestFile);
        if (entry is null || entry.Kind != FileSystemEntryKind.File || entry.Length > MaxManifestLength)
        {
            problems.Add(entry is null ? $"Its manifest ({PartNames.ManifestFile}) is missing: the save never finished or the file was deleted."
                : entry.Kind != FileSystemEntryKind.File ? $"Its manifest is a {Describe(entry.Kind)}, not a regular file."
                : $"Its manifest is {entry.Length} bytes, more than any manifest ({MaxManifestLength}).");
            return null;
        }

        try
        {
            byte[] bytes;
            var stream = await store.OpenCheckpointFileAsync(name, PartNames.ManifestFile, 0, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                bytes = new byte[entry.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            return ManifestParser.Parse(bytes, manifestPath);
        }
        catch (RatchetFormatException e)
        {
            problems.Add(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"Its manifest could not be read: {e.Message}");
        }

        return null;
    }

    private static void CheckIdentity(string name, CheckpointManifest manifest, string? expectedSignature, List<string> problems)
    {
        string expectedName = RunLayout.CheckpointName(manifest.Step);
        if (name != expectedName)
        {
            problems.Add($"Its manifest records step {manifest.Step}, which belongs in '{expectedName}', not '{name}' (was the directory renamed or copied?).");
        }

        if (expectedSignature is not null && manifest.RunSignature != expectedSignature)
        {
            problems.Add($"It belongs to a run with config signature '{manifest.RunSignature ?? "none"}', not this run's '{expectedSignature}'.");
        }
    }

    /// <summary>Checks that exactly the manifest's files are present, as regular files of the recorded sizes.
    /// Returns the parts whose file is present with the right size (worth checksumming).</summary>
    private static HashSet<PartEntry> CheckFiles(IReadOnlyList<FileSystemEntry> files, CheckpointManifest manifest, List<string> problems)
    {
        var entries = files.ToDictionary(entry => entry.Name, StringComparer.Ordinal);
        var sound = new HashSet<PartEntry>();
        foreach (var part in manifest.Parts)
        {
            if (!entries.Remove(part.File, out var entry))
            {
                problems.Add($"Part '{part.Name}' ({part.File}) is missing.");
            }
            else if (entry.Kind != FileSystemEntryKind.File)
            {
                problems.Add($"Part '{part.Name}' ({part.File}) is a {Describe(entry.Kind)}, not a regular file; Ratchet never follows it.");
            }
            else if (entry.Length != part.Length)
            {
                string what = entry.Length < part.Length ? "truncated" : "longer than written";
                problems.Add($"Part '{part.Name}' ({part.File}) is {entry.Length} bytes but the manifest records {part.Length} ({what}).");
            }
            else
            {
                sound.Add(part);
            }
        }

        entries.Remove(PartNames.ManifestFile);
        problems.AddRange(entries.Keys.Order(StringComparer.Ordinal)
            .Select(extra => $"'{extra}' is not listed in the manifest (an unexpected file in a committed checkpoint)."));
        return sound;
    }

    private async Task CheckContentAsync(string name, PartEntry part, List<string> problems, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var algorithm = IncrementalChecksum.AlgorithmOf(part.Checksum)!.Value;
        try
        {
            var stream = await store.OpenCheckpointFileAsync(name, part.File, 0, cancellationToken).ConfigureAwait(false);
            await using var streamScope = stream.ConfigureAwait(false);
            var (checksum, length) = await SegmentedChecksum.TryComputeAsync(stream, algorithm, progress, cancellationToken).ConfigureAwait(false)
                ?? await ChecksumReader.ComputeAsync(stream, algorithm, progress, cancellationToken).ConfigureAwait(false);
            if (length != part.Length || checksum != part.Checksum)
            {
                problems.Add($"Part '{part.Name}' ({part.File}) has checksum {checksum} over {length} bytes but the manifest records {part.Checksum} over {part.Length}: its content was altered.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"Part '{part.Name}' ({part.File}) could not be read: {e.Message}");
        }
    }

    private static string Describe(FileSystemEntryKind kind) => kind switch
    {
        FileSystemEntryKind.SymbolicLink => "symbolic link",
        FileSystemEntryKind.Directory => "directory",
        FileSystemEntryKind.File => "file",
        _ => "special file",
    };
}

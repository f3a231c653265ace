using System.Text.Json;
using Ratchet.Storage;

namespace Ratchet.Retention;

/// <summary>
/// The pinned checkpoints of a run, kept in <c>pins.json</c> (docs/on-disk-format.md, "pins.json") and replaced
/// atomically, so pinning is safe while the run trains: retention reads the file afresh before each prune.
/// A pinned checkpoint is never pruned.
/// </summary>
public static class RunPins
{
    /// <summary>The file's name inside the run directory.</summary>
    public const string FileName = "pins.json";

    private const string Format = "ratchet-pins";
    private const long MaxLength = 16 << 20;

    /// <summary>The pinned steps (empty when nothing is pinned).</summary>
    public static async Task<IReadOnlySet<long>> ReadAsync(string runDirectory, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(runDirectory, FileName);
        byte[]? bytes = await AtomicFile.ReadAllAsync(fileSystem ?? LocalFileSystem.Instance, path, MaxLength, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return new HashSet<long>();
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
            var fields = new Checkpoints.JsonFields(document.RootElement, path, "");
            if (fields.String("format") != Format || fields.NonNegative("format_version") != 1)
            {
                throw fields.Error("format", $"expected format '{Format}' version 1");
            }

            var steps = fields.Required("pinned_steps", JsonValueKind.Array).EnumerateArray()
                .Select(step => step.TryGetInt64(out long value) && value >= 0 ? value : throw fields.Error("pinned_steps", $"'{step.GetRawText()}' is not a step"));
            return steps.ToHashSet();
        }
        catch (JsonException e)
        {
            throw new RatchetFormatException($"The pins file '{path}' is not valid JSON ({e.Message}). Fix or remove it; until then nothing can be pruned safely.", e);
        }
    }

    /// <summary>Pins a step so that retention never prunes it.</summary>
    public static Task PinAsync(string runDirectory, long step, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(runDirectory, fileSystem, pins => pins.Add(step), cancellationToken);

    /// <summary>Removes a pin; the checkpoint is then subject to retention again.</summary>
    public static Task UnpinAsync(string runDirectory, long step, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(runDirectory, fileSystem, pins => pins.Remove(step), cancellationToken);

    private static async Task ChangeAsync(string runDirectory, IFileSystem? fileSystem, Func<HashSet<long>, bool> change, CancellationToken cancellationToken)
    {
        fileSystem ??= LocalFileSystem.Instance;

        // Read-modify-write under a short lock of its own, so concurrent pins all take effect; it is not the run's
        // writer lock, so pinning keeps working while a trainer holds the run.
        using var pinsLock = fileSystem is LocalFileSystem ? await PinsLock.AcquireAsync(runDirectory, cancellationToken).ConfigureAwait(false) : null;
        var pins = (await ReadAsync(runDirectory, fileSystem, cancellationToken).ConfigureAwait(false)).ToHashSet();
        if (!change(pins))
        {
            return;
        }

        byte[] content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["format"] = Format,
            ["format_version"] = 1,
            ["pinned_steps"] = pins.Order().ToArray(),
        });
        await AtomicFile.WriteAsync(fileSystem, Path.Combine(runDirectory, FileName), content, cancellationToken).ConfigureAwait(false);
    }
}

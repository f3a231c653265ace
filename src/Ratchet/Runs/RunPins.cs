using System.Text.Json;
using Ratchet.Storage;
using Ratchet.Parsing;

namespace Ratchet.Runs;

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

    /// <summary>The pinned steps of the run at <paramref name="run"/> (empty when nothing is pinned).</summary>
    /// <exception cref="RatchetFormatException"><c>pins.json</c> exists but does not follow the format.</exception>
    public static Task<IReadOnlySet<long>> ReadAsync(string run, CancellationToken cancellationToken = default) =>
        ReadAsync(RunStores.Open(run), cancellationToken);

    internal static async Task<IReadOnlySet<long>> ReadAsync(IRunStore store, CancellationToken cancellationToken)
    {
        string path = Path.Combine(store.Location, FileName);
        byte[]? bytes = await store.ReadFileAsync(FileName, MaxLength, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return new HashSet<long>();
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
            var fields = new JsonFields(document.RootElement, path, "");
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

    /// <summary>Pins a step of the run at <paramref name="run"/> so that retention never prunes it. Works while the run
    /// trains: pins have a short lock of their own, not the run's writer lock.</summary>
    public static Task PinAsync(string run, long step, CancellationToken cancellationToken = default) =>
        ChangeAsync(RunStores.Open(run), pins => pins.Add(step), cancellationToken);

    /// <summary>Removes a pin; the checkpoint is then subject to retention again.</summary>
    public static Task UnpinAsync(string run, long step, CancellationToken cancellationToken = default) =>
        ChangeAsync(RunStores.Open(run), pins => pins.Remove(step), cancellationToken);

    internal static async Task ChangeAsync(IRunStore store, Func<HashSet<long>, bool> change, CancellationToken cancellationToken)
    {
        // Read-modify-write under a short lock of its own, so concurrent pins all take effect; it is not the run's
        // writer lock, so pinning keeps working while a trainer holds the run.
        var pinsLock = await store.AcquirePinsLockAsync(cancellationToken).ConfigureAwait(false);
        await using var pinsLockScope = pinsLock.ConfigureAwait(false);
        var pins = (await ReadAsync(store, cancellationToken).ConfigureAwait(false)).ToHashSet();
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
        await store.ReplaceFileAsync(FileName, content, durable: true, cancellationToken).ConfigureAwait(false);
    }
}

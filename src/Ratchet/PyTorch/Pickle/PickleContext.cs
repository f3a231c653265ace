namespace Ratchet.PyTorch.Pickle;

/// <summary>What a pickle is read for: how persistent ids (storages) resolve, how errors name the file, and which globals
/// outside the allow-list it named (collected, for inspection and for a strict load's refusal).</summary>
internal sealed class PickleContext(string source, Func<object?, object?> loadPersistent)
{
    public string Source { get; } = source;

    /// <summary>Classes outside the allow-list the pickle named, in first-seen order.</summary>
    public List<string> OpaqueGlobals { get; } = [];

    public object? LoadPersistent(object? id) => loadPersistent(id);

    public PyTorchRefusedException Malformed(string reason) =>
        new($"'{Source}' was refused: {reason}. Nothing in it was run. If the file came from torch.save, it is damaged; "
            + "otherwise it was crafted, and should not be loaded anywhere.", []);

    public PyTorchRefusedException Hostile(string global) =>
        new($"'{Source}' was refused as hostile: its pickle names {global}, which can run code when the file is loaded. "
            + "Nothing in it was run. Do not load it with torch.load.", [global]);
}

namespace Ratchet.PyTorch;

/// <summary>A PyTorch file is damaged: cut off (a crash during <c>torch.save</c>), or its container is unreadable.
/// The message names the file and what is missing. Nothing of the file was used.</summary>
public sealed class PyTorchDamagedException(string message, Exception? innerException = null)
    : RatchetException(message, innerException);

/// <summary>A PyTorch file was refused without running anything: it names code that could run (a hostile file), breaks
/// the pickle or archive rules on purpose or by damage, is a format Ratchet does not read (TorchScript), or, in a strict
/// load, its needed content depends on classes outside the allow-list. The message names the file and every reason.</summary>
public sealed class PyTorchRefusedException(string message, IReadOnlyList<string> globals)
    : RatchetException(message)
{
    /// <summary>The globals (<c>module.name</c>) that caused the refusal; empty when the reason was not a global.</summary>
    public IReadOnlyList<string> Globals { get; } = globals;
}

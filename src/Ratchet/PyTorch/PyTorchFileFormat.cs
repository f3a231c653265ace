namespace Ratchet.PyTorch;

/// <summary>How torch.save laid out a file.</summary>
public enum PyTorchFileFormat
{
    /// <summary>The zip archive of PyTorch 1.6 and later.</summary>
    Zip,

    /// <summary>The legacy stream of pickles and raw storages (before 1.6, or <c>_use_new_zipfile_serialization=False</c>).</summary>
    Legacy,
}

namespace Ratchet.Testing;

/// <summary>What the end of a torn unsynced write may read back as after a crash.</summary>
public enum TornTail
{
    /// <summary>Only what was written: a crash keeps a prefix of the unsynced bytes.</summary>
    None,

    /// <summary>The file's length may cover bytes whose blocks never reached the disk; they read as zeros
    /// (ext4 and XFS behave so when the size is committed before the data).</summary>
    Zeros,

    /// <summary>As <see cref="Zeros"/>, or stale bytes of earlier use of the blocks, simulated as random bytes.</summary>
    ZerosOrGarbage,
}

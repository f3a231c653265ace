namespace Ratchet.Testing;

/// <summary>Which outcome of a crash a <see cref="CrashPoint"/> checks.</summary>
public enum CrashState
{
    /// <summary>Everything not durable was lost (<see cref="CrashSimulatingFileSystem.CrashNowDurableOnly"/>).
    /// Also the only state checked when nothing was volatile, since every outcome is then the same.</summary>
    DurableOnly,

    /// <summary>Everything reached the disk (<see cref="CrashSimulatingFileSystem.CrashNowAllApplied"/>).</summary>
    AllApplied,

    /// <summary>A random choice (<see cref="CrashSimulatingFileSystem.CrashNow(Random, CrashOptions?)"/>).</summary>
    Random,
}

namespace Ratchet.Testing;

public sealed partial class CrashSimulatingFileSystem
{
    /// <summary>Pulls the plug and returns what the machine finds after the reboot: everything durable, plus
    /// a random choice of what was not (each entry change kept or lost, each file's unsynced data kept up to
    /// a random point, possibly torn). This file system halts; more crash states can still be drawn from it.</summary>
    /// <param name="random">The source of the choices; the same seed on the same history gives the same state.</param>
    /// <param name="options">How writes tear; <see cref="CrashOptions.Default"/> when null.</param>
    public CrashSimulatingFileSystem CrashNow(Random random, CrashOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        options ??= CrashOptions.Default;
        options.Validate();
        return Crash(new RandomCrashChooser(random, options));
    }

    /// <summary>Pulls the plug, losing everything that is not durable: the strictest outcome.</summary>
    public CrashSimulatingFileSystem CrashNowDurableOnly() => Crash(CrashChooser.DurableOnly);

    /// <summary>Pulls the plug just after everything reached the disk: the kindest outcome, equal to the
    /// current state.</summary>
    public CrashSimulatingFileSystem CrashNowAllApplied() => Crash(CrashChooser.AllApplied);

    /// <summary>A fresh file system holding the current state, all of it durable; this one keeps running.</summary>
    internal CrashSimulatingFileSystem CopyCurrentState()
    {
        lock (_gate)
        {
            return Rebuild(CrashChooser.AllApplied);
        }
    }

    private CrashSimulatingFileSystem Crash(CrashChooser chooser)
    {
        lock (_gate)
        {
            _halted = true;
            return Rebuild(chooser);
        }
    }

    private CrashSimulatingFileSystem Rebuild(CrashChooser chooser) =>
        new(CrashReplay.Build(_root, _pending, chooser), _capacity);
}

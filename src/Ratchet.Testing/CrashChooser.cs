namespace Ratchet.Testing;

/// <summary>Decides which not-yet-durable effects a crash keeps. Effects already durable are always kept.</summary>
internal abstract class CrashChooser
{
    public static CrashChooser DurableOnly { get; } = new ExtremeChooser(keepAll: false);

    public static CrashChooser AllApplied { get; } = new ExtremeChooser(keepAll: true);

    /// <summary>Whether a volatile directory-entry change whose causes were kept reaches the disk.</summary>
    public abstract bool Keep(NamespaceEffect effect);

    /// <summary>The bytes a file holds after the crash.</summary>
    public abstract byte[] ContentOf(SimFile file);

    private sealed class ExtremeChooser(bool keepAll) : CrashChooser
    {
        public override bool Keep(NamespaceEffect effect) => keepAll;

        public override byte[] ContentOf(SimFile file)
        {
            if (keepAll)
            {
                return file.Current.ToArray();
            }

            var buffer = new GrowableBuffer(file.Durable);
            file.Pending.Where(effect => effect.Forced).ToList().ForEach(effect => effect.ApplyTo(buffer));
            return buffer.ToArray();
        }
    }
}

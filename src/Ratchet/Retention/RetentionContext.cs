namespace Ratchet.Retention;

/// <summary>
/// One planning pass as the rules see it: only the intact candidates, oldest first, so a damaged
/// checkpoint can never take a rule's slot (a keep-last 2 with a damaged newest keeps the two newest
/// intact ones). Rules record why they keep a candidate, and notes that explain a drop.
/// </summary>
internal sealed class RetentionContext
{
    private readonly List<string>?[] _reasons;
    private readonly List<string>?[] _notes;

    public RetentionContext(RetentionCandidate[] intact, DateTimeOffset now)
    {
        Intact = intact;
        Now = now;
        _reasons = new List<string>?[intact.Length];
        _notes = new List<string>?[intact.Length];
    }

    /// <summary>The intact candidates, sorted by ascending step.</summary>
    public RetentionCandidate[] Intact { get; }

    /// <summary>The time the plan is made for (time-based rules measure from here).</summary>
    public DateTimeOffset Now { get; }

    public void Keep(int index, string reason) => (_reasons[index] ??= []).Add(reason);

    public void Note(int index, string note) => (_notes[index] ??= []).Add(note);

    public bool IsKept(int index) => _reasons[index] is not null;

    public IReadOnlyList<string> ReasonsFor(int index) => _reasons[index]?.ToArray() ?? [];

    public IReadOnlyList<string> NotesFor(int index) => _notes[index]?.ToArray() ?? [];
}

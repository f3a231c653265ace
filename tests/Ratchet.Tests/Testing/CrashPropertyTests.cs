using Ratchet.Storage.Local;
using FsCheck;
using FsCheck.Fluent;
using Ratchet.Storage;
using Ratchet.Testing;
using static Ratchet.Tests.Testing.SimulatorScenarios;

namespace Ratchet.Tests.Testing;

/// <summary>The simulator's crash model checked over random histories against a plain model of POSIX durability.</summary>
public sealed class CrashPropertyTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];

    [Fact]
    public void CrashNow_AppendsWithRandomSyncs_KeepTheSyncedPrefixAndNeverExtend()
    {
        var steps = Gen.Zip(Gen.Choose(0, 40), Gen.Elements(true, false), (length, sync) => new Append(length, sync)).ArrayOf();
        var cases = Gen.Zip(steps, Gen.Choose(0, int.MaxValue - 100), (history, seed) => (History: history, Seed: seed));

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var fs = WithRuns();
            var written = new List<byte>();
            var synced = 0;
            var file = fs.CreateFile("/runs/f");
            fs.SyncDirectory("/runs");
            foreach (var step in c.History)
            {
                var bytes = Bytes(step.Length, seed: written.Count);
                WriteNow(file, bytes);
                written.AddRange(bytes);
                if (step.Sync)
                {
                    file.Sync();
                    synced = written.Count;
                }
            }

            var exact = fs.CrashNow(new Random(c.Seed), new CrashOptions { TornTail = TornTail.None }).ReadAllBytes("/runs/f");
            var torn = fs.CrashNow(new Random(c.Seed)).ReadAllBytes("/runs/f");

            exact.Length.ShouldBeInRange(synced, written.Count);
            exact.ShouldBe(written.Take(exact.Length).ToArray());
            torn.Length.ShouldBeInRange(synced, written.Count);
            torn.Take(synced).ShouldBe(written.Take(synced));
            fs.CrashNowDurableOnly().ReadAllBytes("/runs/f").Length.ShouldBe(synced);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CrashNow_EntryChangesWithRandomDirectorySyncs_GiveOnlyStatesThatExisted()
    {
        var names = Gen.Zip(Gen.Elements(Names), Gen.Elements(Names), (from, to) => (From: from, To: to));
        var steps = Gen.Zip(Gen.Choose(0, 4), names, (kind, pair) => new Change(kind, pair.From, pair.To)).ArrayOf();
        var cases = Gen.Zip(steps, Gen.Choose(0, int.MaxValue - 100), (history, seed) => (History: history, Seed: seed));

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var model = new EntryModel();
            var fs = WithRuns();
            foreach (var change in c.History)
            {
                model.Apply(fs, change);
            }

            Listing(fs.CrashNowDurableOnly()).ShouldBe(model.Durable, ignoreOrder: true);
            Listing(fs.CrashNowAllApplied()).ShouldBe(model.Current, ignoreOrder: true);
            for (var draw = 0; draw < 10; draw++)
            {
                var crashed = Listing(fs.CrashNow(new Random(c.Seed + draw)));
                // Plain LINQ rather than ShouldAllBe: that compiles an expression tree per call.
                crashed.Where(entry => !model.SeenSinceSync.Contains(entry)).ShouldBeEmpty("each name holds what it held at some point");
                crashed.Values.Distinct().Count().ShouldBe(crashed.Count, "a rename is atomic: no file under two names");
                model.Untouched().Where(entry => !crashed.Contains(entry)).ShouldBeEmpty("what the last sync covered survives");
            }
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The simulator completes writes synchronously, which lets a property stay synchronous.</summary>
    private static void WriteNow(IWritableFile file, byte[] bytes)
    {
        var write = file.WriteAsync(bytes, CancellationToken.None).AsTask();
        write.Exception.ShouldBeNull();
        write.IsCompletedSuccessfully.ShouldBeTrue();
    }

    private static Dictionary<string, int> Listing(CrashSimulatingFileSystem fs) =>
        fs.List("/runs").ToDictionary(entry => entry.Name, entry => BitConverter.ToInt32(fs.ReadAllBytes("/runs/" + entry.Name)));

    private sealed record Append(int Length, bool Sync);

    /// <summary>0 create, 1 delete, 2 rename replacing, 3 sync the directory, 4 rename without replacing.</summary>
    private sealed record Change(int Kind, string From, string To);

    /// <summary>What POSIX promises for one directory: its entries as of its last sync survive; what changed
    /// since may be undone, each name going back to some state it had since then.</summary>
    private sealed class EntryModel
    {
        private readonly HashSet<string> _touched = [];
        private int _nextTag = 1;

        public Dictionary<string, int> Current { get; } = [];

        public Dictionary<string, int> Durable { get; private set; } = [];

        public HashSet<KeyValuePair<string, int>> SeenSinceSync { get; } = [];

        public IEnumerable<KeyValuePair<string, int>> Untouched() => Durable.Where(entry => !_touched.Contains(entry.Key));

        public void Apply(CrashSimulatingFileSystem fs, Change change)
        {
            var from = "/runs/" + change.From;
            var to = "/runs/" + change.To;
            switch (change.Kind)
            {
                case 0 when !Current.ContainsKey(change.From):
                    var tag = _nextTag++;
                    using (var file = fs.CreateFile(from))
                    {
                        WriteNow(file, BitConverter.GetBytes(tag));
                        file.Sync();
                    }

                    Current[change.From] = tag;
                    break;
                case 1 when Current.Remove(change.From):
                    fs.DeleteFile(from);
                    break;
                case 2 or 4 when Current.ContainsKey(change.From) && change.From != change.To && (change.Kind == 2 || !Current.ContainsKey(change.To)):
                    fs.Rename(from, to, replace: change.Kind == 2);
                    Current[change.To] = Current[change.From];
                    Current.Remove(change.From);
                    _touched.Add(change.To);
                    break;
                case 3:
                    fs.SyncDirectory("/runs");
                    Durable = new Dictionary<string, int>(Current);
                    _touched.Clear();
                    SeenSinceSync.Clear();
                    break;
                default:
                    return; // not valid in this state: skipped, as the model skips it
            }

            _touched.Add(change.From);
            SeenSinceSync.UnionWith(Current);
            SeenSinceSync.UnionWith(Durable);
        }
    }
}

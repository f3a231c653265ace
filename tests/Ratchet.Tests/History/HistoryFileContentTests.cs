using System.Text;
using Ratchet.History;

namespace Ratchet.Tests.History;

/// <summary>Reading history.jsonl after a crash: the torn remains of an append are tolerated wherever their bytes
/// fall; a damaged line with records after it is still an error.</summary>
public sealed class HistoryFileContentTests
{
    private const string Path = "/runs/r/history.jsonl";

    private static string Record(long step) => $"{{\"step\":{step},\"epoch\":0,\"time\":\"2026-01-01T00:00:00.0000000Z\",\"metrics\":{{\"loss\":0.5}}}}\n";

    [Fact]
    public void Parse_TornAppendWhoseGarbageHoldsNewlines_IsOneTornTailAfterTheRecords()
    {
        // A torn write may leave any bytes past the last fsync, a newline among them.
        byte[] torn = [.. "{\"step\":3,\"epoch\":0,\"ti"u8, 0x1A, 0x0A, 0xC3, 0x0A, 0x00, 0x7B];
        byte[] file = [.. Encoding.UTF8.GetBytes(Record(1) + Record(2)), .. torn];

        var content = HistoryFileContent.Parse(file, Path);

        content.Records.Select(record => record.Step).ShouldBe([1L, 2L]);
        content.TornTail.ShouldBe(torn);
        content.ValidLength.ShouldBe(file.Length - torn.Length);
    }

    [Fact]
    public void Parse_TornAppendEndingWithANewline_IsATornTail()
    {
        byte[] file = Encoding.UTF8.GetBytes(Record(1) + "{\"step\":2,\"ep\n\n");

        var content = HistoryFileContent.Parse(file, Path);

        content.Records.Count.ShouldBe(1);
        content.TornTail!.Length.ShouldBe("{\"step\":2,\"ep\n\n".Length);
    }

    [Fact]
    public void Parse_DamagedLineWithARecordAfterIt_IsAnErrorNamingTheLine()
    {
        byte[] file = Encoding.UTF8.GetBytes(Record(1) + "{\"step\":2,\"ep\n" + Record(3));

        var error = Should.Throw<RatchetFormatException>(() => HistoryFileContent.Parse(file, Path));

        error.Message.ShouldContain("Line 2");
        error.Message.ShouldContain(Path);
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ratchet.Cli.Output;

/// <summary>Writes one JSON document, indented, followed by a newline, to a text writer.</summary>
internal static class JsonOutput
{
    // Problems quote part names ('G') and configs hold paths: escape only what JSON requires, so people can read it.
    // Safe here because the output is a terminal or a file, never HTML.
    private static readonly JavaScriptEncoder Readable = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static async Task WriteAsync(TextWriter output, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Readable }))
        {
            write(json);
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}

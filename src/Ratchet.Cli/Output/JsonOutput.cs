using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ratchet.Cli.Output;

/// <summary>Writes one JSON document, indented, followed by a newline, to a text writer.</summary>
internal static class JsonOutput
{
    public static async Task WriteAsync(TextWriter output, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
